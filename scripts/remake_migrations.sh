#!/usr/bin/env bash
# Pre-release only: rebuild the initial migrations from the models (nothing has shipped yet).
set -euo pipefail
cd "$(dirname "$0")/.."
cp consent/migrations/*_purposes.py /tmp/purposes_migration.py
for app in centres families consent sharing; do
  find "$app/migrations" -name '0*.py' -delete
done
.venv/bin/python manage.py makemigrations centres families consent sharing -v0
last=$(ls consent/migrations/0*.py | sort | tail -1 | xargs basename | sed 's/\.py$//')
n=$(( 10#${last:0:4} + 1 ))
sed "s/(\"consent\", \"[0-9a-z_]*\")/(\"consent\", \"$last\")/" /tmp/purposes_migration.py > "consent/migrations/$(printf %04d $n)_purposes.py"
ls */migrations/0*.py
