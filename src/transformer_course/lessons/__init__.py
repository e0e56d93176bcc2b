"""Lessons: per notebook, its figures, experiments and explorers' drawings.

One module per notebook, named after it: ``intuition`` (01), ``attention`` (02),
``positional`` (03), ``multihead`` (04), ``encoder`` (05), ``tiny`` (06), ``vs_rnn`` (07),
``decoder`` (08), ``recap`` (09); ``plotting`` holds what several of them draw with,
``claims`` the sentences printed from measured numbers, and ``notebook_setup`` what every setup
cell runs. Notebooks reach them as ``tc.attention`` etc.
"""
