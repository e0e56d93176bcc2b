"""Grading: the check machinery, each exercise's check, predictions, quizzes and explorers.

A notebook calls these through ``tc``: ``tc.check_encoder_block(EncoderBlock)``,
``tc.check_prediction(...)``, ``tc.quiz([...])``, ``tc.explore(draw, controls)``. One module of
checks per notebook (``attention_checks`` for 02, ``encoder_checks`` for 05, …; see
docs/ARCHITECTURE.md); each lists its public names in ``__all__`` and they are gathered here,
so a new exercise's check needs no edit in this file.
"""

from . import (
    attention_checks,
    decoder_checks,
    decoding_checks,
    dynamics_checks,
    encoder_checks,
    intuition_checks,
    multihead_checks,
    positional_checks,
    recap_checks,
    self_attention_checks,
    shuru_checks,
    tiny_checks,
    tokens_checks,
    vs_rnn_checks,
)
from .checks import Case, check, choose
from .explorers import explore
from .hints import hint
from .predictions import check_prediction, ready_to_measure
from .quizzes import Question, quiz

LESSON_CHECKS = (shuru_checks, intuition_checks, tokens_checks, attention_checks, positional_checks,
                 multihead_checks, self_attention_checks, encoder_checks, tiny_checks, dynamics_checks,
                 vs_rnn_checks, decoder_checks, decoding_checks, recap_checks)
globals().update({name: getattr(m, name) for m in LESSON_CHECKS for name in m.__all__})

__all__ = ["Case", "check", "choose", "hint", "check_prediction", "ready_to_measure", "Question",
           "quiz", "explore",
           *(name for m in LESSON_CHECKS for name in m.__all__)]
