"""Course tools for authors and instructors: launcher, authoring pipeline, doctor, bench,
progress, slides, hub link and the command line. No lesson imports them."""
