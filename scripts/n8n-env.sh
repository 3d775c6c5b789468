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
