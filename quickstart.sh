#!/usr/bin/env bash
# Runs Tally end to end on sample data: builds what it needs, then starts a database (embedded,
# unless TALLY_DB_URL names one), migrates, writes a sample, rolls it up, checks it, prints a
# daily report in two timezones and serves the report API until Ctrl-C.
# Options go to the quickstart: ./quickstart.sh --help
set -euo pipefail
cd "$(dirname "$0")"
echo "Building Tally (the first build downloads its dependencies)..."
mvn -q -B package -DskipTests -pl quickstart,report-app -am
exec java -jar quickstart/target/quickstart.jar "$@"
