# Convenience wrappers; ./run works without make on a fresh machine.
.PHONY: demo test lint
demo: ; ./run demo
test: ; ./run test
lint: ; ./run lint
