"""A corpus of realistic work screens with gold boxes, built by the project: the benchmark and the test data
of the sensitive-content detectors. No streamlit in here.

- `splits`: which Faker locales and app templates feed the tuning and the held-out parts;
- `values`, `sources`, `heldout`, `decoys`: what the screens show (generated people, organisations, ids...);
- `markup`, `apps_tuning`, `apps_heldout`: the HTML templates of the apps;
- `render`: Chromium through Playwright, gold boxes read from the DOM;
- `generate`: specs from a seed, screens written as PNG + JSON; `load` reads them back;
- `evaluate`: scoring regions and title flags against the gold; `run_detectors`: the detectors' adapter.
Labelling rules: LABELLING.md beside this file.
"""
