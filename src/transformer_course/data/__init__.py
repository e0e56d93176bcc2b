"""Toy data the course trains and checks on, generated or shipped (torch only, no downloads).

``tasks`` (reversal, the "it" sentences, associative recall), ``number_words`` (digits →
Hinglish number words) and ``corpus`` (the course's own Hinglish sentences). Notebooks reach
them as ``tc.tasks``, ``tc.number_words`` and ``tc.corpus``.
"""
