# `make install` and `make uninstall` run scripts/install (as root), which says what it does.
# make install [PREFIX=/usr/local] [DESTDIR=staging-root]
PREFIX ?= /usr/local
DESTDIR ?=

install:
	scripts/install --prefix "$(PREFIX)" $(if $(DESTDIR),--destdir "$(DESTDIR)")

uninstall:
	scripts/install --uninstall --prefix "$(PREFIX)" $(if $(DESTDIR),--destdir "$(DESTDIR)")

.PHONY: install uninstall
