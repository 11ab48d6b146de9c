# kg: two commands do all the set-up on a fresh machine: `make demo` and `make test`.
VENV    := .venv
PY      := $(VENV)/bin/python
KG      := $(VENV)/bin/kg
STAMP   := $(VENV)/.installed
EVAL    ?= ../shared/eval
OUT     ?= build

.PHONY: install demo test eval system-deps screenshots clean

# torch 2.13.0 first: it is the CPU wheel on this disk; letting camel-tools pull
# torch itself would download a multi-GB CUDA build.
$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(KG) build data/articles --out $(OUT)

system-deps:
	bash scripts/install-system-deps.sh

test: install system-deps
	$(PY) -m pytest

eval: install
	@mkdir -p $(OUT)
	$(KG) extract $(EVAL)/dev/*.txt > $(OUT)/dev-predictions.json
	python3 $(EVAL)/score.py $(EVAL)/dev/gold.jsonl $(OUT)/dev-predictions.json --per-article

# The README's pictures of the demo page: default, a search, a click, English labels (1400x760).
screenshots: demo
	$(PY) scripts/screenshot.py $(OUT)/graph.html --out docs/graph.png
	$(PY) scripts/screenshot.py $(OUT)/graph.html --out docs/graph-search.png --search الشرطة
	$(PY) scripts/screenshot.py $(OUT)/graph.html --out docs/graph-click.png --click حموشي
	$(PY) scripts/screenshot.py $(OUT)/graph.html --out docs/graph-english.png --english --search Hammouchi

clean:
	rm -rf $(OUT) .pytest_cache
