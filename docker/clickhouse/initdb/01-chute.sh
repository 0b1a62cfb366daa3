#!/bin/bash
# Creates the chute database and the example table from schemas/clickhouse/events.sql (mounted at /schemas).
set -euo pipefail
clickhouse client --user "${CLICKHOUSE_USER}" --password "${CLICKHOUSE_PASSWORD}" \
    --query "CREATE DATABASE IF NOT EXISTS chute"
clickhouse client --user "${CLICKHOUSE_USER}" --password "${CLICKHOUSE_PASSWORD}" --database chute \
    --multiquery < /schemas/events.sql
