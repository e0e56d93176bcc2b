"""Toy data the course trains and checks on, generated or shipped (torch only, no downloads).

``tasks`` (reversal, the "it" sentences, associative recall), ``number_words`` (digits →
Hinglish number words), ``corpus`` (the course's own Hinglish sentences) and ``records``
(measured results of sweeps too slow for a notebook). Notebooks reach them as ``tc.tasks``,
``tc.number_words``, ``tc.corpus`` and ``tc.records``.
"""
