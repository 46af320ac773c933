#!/bin/sh
# Rewrites the seed corpus of VrrpCodecFuzzTest (the golden vectors and the distinct packets of
# src/test/resources/captures) in src/test/resources/io/github/failover4j/vrrp/VrrpCodecFuzzTestInputs/.
# Run it after changing the captures, the golden vectors, the fuzz tests or FuzzInput's layout;
# FuzzSeedsTest fails until then. Files Jazzer put there (crash-*) are kept.
set -eu
cd "$(dirname "$0")/../../../.." # the repository root, where the Maven wrapper is
./mvnw -q -pl vrrp test -Dtest='FuzzSeedsTest#writeSeeds' -DfuzzSeeds.write=true
git status --short -- vrrp/src/test/resources/io/github/failover4j/vrrp/VrrpCodecFuzzTestInputs
