#!/bin/sh
# Compile one ABI header on its own in one environment; touch a stamp on success.
#   check-headers.sh freestanding|musl HEADER STAMP CC MUSL_SPECS
set -eu
env=$1 header=$2 stamp=$3 cc=$4 specs=$5
inc=$(dirname "$(dirname "$header")")
name=hvm/$(basename "$header")
case $env in
freestanding) flags="-ffreestanding -nostdinc -mno-red-zone" ;;
musl) flags="-specs $specs" ;;
*) echo "check-headers.sh: unknown environment $env" >&2; exit 2 ;;
esac
printf '#include <%s>\n#include <%s>\n' "$name" "$name" |
	$cc $flags -std=gnu11 -Wall -Wextra -Werror -I"$inc" -x c -fsyntax-only - ||
	{ echo "ABI header $name does not compile on its own in the $env environment" >&2; exit 1; }
touch "$stamp"
