# Sourced by the scripts that run n8n: the environment a local, self-contained n8n needs here.
export N8N_DIAGNOSTICS_ENABLED=false
export N8N_VERSION_NOTIFICATIONS_ENABLED=false
export N8N_TEMPLATES_ENABLED=false
export N8N_PERSONALIZATION_ENABLED=false
export N8N_HIRING_BANNER_ENABLED=false
export N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS=false
export N8N_SECURE_COOKIE=false
export N8N_COMMUNITY_PACKAGES_ENABLED=true
export DB_TYPE=sqlite
export N8N_LOG_LEVEL="${N8N_LOG_LEVEL:-warn}"
# Bounded, PII-lean history: the templates save failed executions only (for dead letters and replay);
# whatever is saved is pruned after a week or past 5,000 executions. Webhook bodies over 2 MiB are refused.
export N8N_PAYLOAD_SIZE_MAX="${N8N_PAYLOAD_SIZE_MAX:-2}"
export EXECUTIONS_DATA_PRUNE=true
export EXECUTIONS_DATA_MAX_AGE="${EXECUTIONS_DATA_MAX_AGE:-168}"
export EXECUTIONS_DATA_PRUNE_MAX_COUNT="${EXECUTIONS_DATA_PRUNE_MAX_COUNT:-5000}"
# The SLA store's tables (n8n's default cap is 50 MiB for all Data Tables together).
export N8N_DATA_TABLES_MAX_SIZE_BYTES="${N8N_DATA_TABLES_MAX_SIZE_BYTES:-1073741824}"
