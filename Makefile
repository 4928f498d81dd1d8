# Berth: the two commands are `make demo` and `make test`.
SHELL := /bin/bash
ROOT := $(CURDIR)
# The build needs JDK 25; JDK 17 is usually the system default, so find 25 ourselves.
JAVA_HOME := $(shell for d in $$JAVA_HOME /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do \
  [ -n "$$d" ] && grep -qs '^JAVA_VERSION="25' "$$d/release" && { echo "$$d"; break; }; done)
export JAVA_HOME
export MAVEN_OPTS := --sun-misc-unsafe-memory-access=allow
MVN := mvn -B -q
# Debian packages Berth drives at run time, by the command each provides.
DEPS := curl:curl runc:runc crun:crun conmon:conmon busybox:busybox-static ps:procps iptables:iptables script:bsdutils \
  ip:iproute2 netavark:netavark aardvark-dns:aardvark-dns tini-static:tini \
  docker-registry:docker-registry htpasswd:apache2-utils openssl:openssl gcc:gcc docker-compose:docker-compose etcd:etcd-server

.PHONY: all deps java build test unit e2e demo bench soak fuzz clean stop-demo docker-py
all: build

java:
	@[ -n "$(JAVA_HOME)" ] || { echo "JDK 25 not found under /usr/lib/jvm; install temurin-25-jdk" >&2; exit 1; }

deps:
	@missing=""; for pair in $(DEPS); do cmd=$${pair%%:*}; pkg=$${pair##*:}; \
	  command -v $$cmd >/dev/null 2>&1 || [ -x /usr/sbin/$$cmd ] || [ -x /bin/$$cmd ] || [ -x /usr/lib/podman/$$cmd ] \
	    || missing="$$missing $$pkg"; done; \
	if [ -n "$$missing" ]; then echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; fi
	@# docker-registry's package enables a service with its own config (all addresses, htpasswd):
	@# the tests start registries of their own, so never leave that one running.
	@if [ -f /lib/systemd/system/docker-registry.service ] && [ -d /run/systemd/system ]; then \
	  systemctl disable --now docker-registry >/dev/null 2>&1 || true; fi

build: java
	@rm -rf berth-*/target/lib   # launchers put every jar there on the classpath: no stale versions
	$(MVN) -DskipTests package
	@scripts/make-launchers.sh "$(JAVA_HOME)"

test: java deps
	@scripts/run-tests.sh

demo: java deps build
	@scripts/demo.sh

bench: java deps build
	@scripts/bench.sh

# The crash suite for longer: SOAK_ROUNDS rounds of SIGKILLs inside every operation (SOAK_SEED replays one run).
SOAK_ROUNDS ?= 10
soak: java deps build
	nice $(MVN) -pl berth-e2e -am test -Dtest=CrashFaultTest -Dsurefire.failIfNoSpecifiedTests=false \
	  -Dberth.faults.rounds=$(SOAK_ROUNDS) $(if $(SOAK_SEED),-Dberth.faults.seed=$(SOAK_SEED))

# Fuzzes the parsers with Jazzer, one target at a time for FUZZ_TIME each (default 2m);
# FUZZ_ONLY=Class[#method] picks targets. `make test` replays the committed corpus only.
fuzz: java
	@scripts/fuzz.sh

# docker-py's integration suite against a private berthd (DOCKER_PY= a checkout or its git dir)
# (DOCKER_PY_SELECTION=swarm: the swarm tests)
DOCKER_PY_DEPS := python3-pytest python3-requests python3-websocket python3-packaging python3-paramiko
docker-py: java deps build
	@dpkg -s $(DOCKER_PY_DEPS) >/dev/null 2>&1 || { apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DOCKER_PY_DEPS) >/dev/null; }
	@scripts/docker-py.sh $(DOCKER_PY)

clean:
	$(MVN) clean; rm -rf bin
