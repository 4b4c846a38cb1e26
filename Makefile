# `make run`: set everything up and open the app on sample_data (http://127.0.0.1:8501).
# `make test`: set everything up and run the whole test suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run run-team test system venv node bench sample-data clean

system:
	bash scripts/install-system.sh

$(VENV)/.installed: requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	$(PY) -m pip install -q --disable-pip-version-check --no-deps -e .
	touch $@

venv: $(VENV)/.installed

# Browser-side packages, pinned in package.json / package-lock.json: rrweb's replayer (renders rrweb recordings
# on import) and the player's type checker (TypeScript; the tests run it).
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

node: node_modules/.installed

run: system venv node
	VIEWER_DATA=$${VIEWER_DATA:-sample_data} $(PY) -m streamlit run serve.py \
		--server.address 127.0.0.1 --server.port $(PORT) --server.headless true \
		--browser.gatherUsageStats false

# Team mode: a throwaway PostgreSQL, the first admin (password asked), login required; ADDRESS=0.0.0.0 PORT=8501.
run-team: system venv
	ADDRESS=$${ADDRESS:-0.0.0.0} PORT=$(PORT) PY=$(PY) bash scripts/run-team.sh

test: system venv node
	$(PY) -m pytest -q -n 2 --dist loadscope -p no:cacheprovider

bench: venv
	$(PY) bench/run_all.py

# Regenerates the shipped sample sessions (deterministic: same files every time).
sample-data: venv
	rm -rf sample_data
	$(PY) -m viewer sample sample_data --sessions 3 --minutes 2 --seed 7

clean:
	rm -rf $(VENV) .pytest_cache node_modules
