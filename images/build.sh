#!/usr/bin/env bash
# Builds the gateway and processor images as tarballs, with no Docker daemon and no registry:
#   images/build.sh
#   docker load -i ingest-gateway/target/jib-image.tar
#   docker load -i stream-processor/target/jib-image.tar
# The base root filesystem comes from images/base-rootfs.sh (Debian packages + a jlinked Java 17);
# Jib puts the application on top of it. `mvn verify` on Debian/Ubuntu does the same and then runs
# the images in ImagesIT.
set -euo pipefail
cd "$(dirname "$0")/.."
bash images/base-rootfs.sh target/image-base
mvn -q package jib:buildTar -DskipTests -Dspotless.check.skip=true -pl ingest-gateway,stream-processor -am
ls -l ingest-gateway/target/jib-image.tar stream-processor/target/jib-image.tar
