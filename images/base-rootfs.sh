#!/usr/bin/env bash
# Builds the root filesystem the Leadstream images run on, without a Docker daemon or Docker Hub:
# the C runtime the JVM links against, from Debian's packages (libc6, libgcc-s1, libstdc++6,
# zlib1g; and bash with libtinfo6 for the compose health checks), plus a Java 17 runtime made with jlink from the local JDK (java.base and the modules
# Kafka, Vert.x and RocksDB use). Jib then layers the application on top of it (FROM scratch).
#
# Usage: images/base-rootfs.sh OUT_DIR      (writes OUT_DIR/rootfs; safe to re-run)
# Needs: apt-get and dpkg-deb (Debian or Ubuntu), a JDK 17 with jmods (Debian: openjdk-17-jmods).
set -euo pipefail

out=${1:?usage: images/base-rootfs.sh OUT_DIR}
rootfs="$out/rootfs"
debs="$out/debs"
packages=(libc6 libgcc-s1 libstdc++6 zlib1g bash libtinfo6)
# What the services need from the JDK (jdeps over their jars, plus what they load reflectively:
# JMX for metrics, jdk.crypto.ec and jdk.crypto.cryptoki for TLS, jdk.zipfs, jdk.unsupported
# for RocksDB and Netty, java.security.jgss and jdk.security.auth for SASL/Kerberos).
modules=java.base,java.compiler,java.desktop,java.logging,java.management,java.naming,java.net.http,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.xml,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.jfr,jdk.management,jdk.net,jdk.security.auth,jdk.security.jgss,jdk.unsupported,jdk.zipfs,jdk.localedata

for tool in apt-get dpkg-deb; do
  command -v "$tool" >/dev/null || { echo "images need $tool (a Debian or Ubuntu machine)" >&2; exit 1; }
done
java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}
if [ ! -d "$java_home/jmods" ]; then
  echo "$java_home has no jmods; install them (Debian: apt-get install openjdk-17-jmods) or set JAVA_HOME" >&2
  exit 1
fi
release=$("$java_home/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
if [ "$release" != "17" ]; then
  echo "the images run Java 17; JAVA_HOME=$java_home is Java $release" >&2
  exit 1
fi

# Built once per script version and JDK; `rm -rf OUT_DIR` forces a rebuild.
stamp="$(sha256sum "$0" | cut -c1-16) $("$java_home/bin/java" -version 2>&1 | head -n 1)"
if [ -f "$out/stamp" ] && [ "$(cat "$out/stamp")" = "$stamp" ] && [ -x "$rootfs/opt/java/bin/java" ]; then
  echo "base root filesystem: $rootfs (up to date)"
  exit 0
fi
rm -f "$out/stamp"
rm -rf "$rootfs" && mkdir -p "$rootfs" "$debs"
(cd "$debs" && rm -f ./*.deb && apt-get download -q "${packages[@]}" >/dev/null 2>&1) || {
  apt-get update -qq && (cd "$debs" && apt-get download -q "${packages[@]}" >/dev/null)
}
for deb in "$debs"/*.deb; do
  dpkg-deb -x "$deb" "$rootfs"
done
# The image has no package manager and no docs.
rm -rf "$rootfs/usr/share/doc" "$rootfs/usr/share/lintian" "$rootfs/usr/share/locale" \
  "$rootfs/usr/share/gcc" "$rootfs/usr/lib/x86_64-linux-gnu/gconv" "$rootfs/usr/share/gdb" \
  "$rootfs/usr/share/man" "$rootfs/usr/share/info" "$rootfs/usr/share/menu" \
  "$rootfs/usr/share/bash-completion" "$rootfs/usr/bin/bashbug"

"$java_home/bin/jlink" --add-modules "$modules" --output "$rootfs/opt/java" \
  --strip-debug --no-header-files --no-man-pages --compress=2 2>/dev/null
# Debian's JDK links its CA store to /etc/ssl/certs/java/cacerts; the image gets a real file.
cacerts="$rootfs/opt/java/lib/security/cacerts"
if [ -L "$cacerts" ] || [ ! -s "$cacerts" ]; then
  rm -f "$cacerts"
  if [ -s /etc/ssl/certs/java/cacerts ]; then
    cp /etc/ssl/certs/java/cacerts "$cacerts"
  else
    cp "$(readlink -f "$java_home/lib/security/cacerts")" "$cacerts"
  fi
fi

# Jib copies files, not symlinks: replace every link by a copy of what it points to inside the
# root filesystem (absolute links are resolved against it, never against this machine).
while IFS= read -r link; do
  target=$(readlink "$link")
  case "$target" in
    /*) resolved="$rootfs$target" ;;
    *) resolved="$(dirname "$link")/$target" ;;
  esac
  if [ -e "$resolved" ]; then
    cp -L --remove-destination "$resolved" "$link"
  else
    rm -f "$link"
  fi
done < <(find "$rootfs" -type l)

mkdir -p "$rootfs/etc" "$rootfs/tmp" "$rootfs/var/lib/leadstream" "$rootfs/app"
printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' >"$rootfs/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' >"$rootfs/etc/group"
printf 'hosts: files dns\n' >"$rootfs/etc/nsswitch.conf"
echo "$stamp" >"$out/stamp"
echo "base root filesystem: $rootfs ($(du -sh "$rootfs" | cut -f1))"
