import Foundation
import SQLKit
import StripeEmulator

/// The schema, as an ordered list of steps. A step, once released, never changes: new
/// needs get a new step. Each runs in its own transaction and is recorded in `schema_migrations`.
enum Migrations {
    struct Step {
        let version: Int
        let name: String
        let statements: [String]
        /// Run after `statements` on SQLite only.
        var sqlite: [String] = []
        /// Run after `statements` on PostgreSQL only.
        var postgres: [String] = []
    }

    static let steps: [Step] = [
        Step(
            version: 1, name: "organizations, tokens and customers",
            statements: [
                """
                CREATE TABLE server_settings (
                    key TEXT PRIMARY KEY,
                    value TEXT NOT NULL
                )
                """,
                """
                CREATE TABLE organizations (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    created_at BIGINT NOT NULL,
                    modified_at BIGINT,
                    deleted_at BIGINT
                )
                """,
                """
                CREATE TABLE organization_access_tokens (
                    id TEXT PRIMARY KEY,
                    organization_id TEXT NOT NULL REFERENCES organizations (id),
                    token_hash TEXT NOT NULL UNIQUE,
                    scope TEXT NOT NULL,
                    comment TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    expires_at BIGINT,
                    deleted_at BIGINT
                )
                """,
                """
                CREATE TABLE customers (
                    id TEXT PRIMARY KEY,
                    organization_id TEXT NOT NULL REFERENCES organizations (id),
                    created_at BIGINT NOT NULL,
                    modified_at BIGINT,
                    deleted_at BIGINT,
                    type TEXT,
                    email TEXT,
                    email_lower TEXT,
                    email_verified BOOLEAN NOT NULL,
                    name TEXT,
                    billing_name TEXT,
                    billing_address TEXT,
                    tax_id TEXT,
                    locale TEXT,
                    metadata TEXT NOT NULL,
                    external_id TEXT,
                    default_payment_method_id TEXT,
                    first_user_event_at BIGINT
                )
                """,
                // Email is unique per organization ignoring case among live customers (Polar's
                // partial index); external IDs are unique per organization (deleted rows clear theirs).
                """
                CREATE UNIQUE INDEX customers_organization_email ON customers (organization_id, email_lower)
                WHERE deleted_at IS NULL AND email_lower IS NOT NULL
                """,
                "CREATE UNIQUE INDEX customers_organization_external_id ON customers (organization_id, external_id)",
                "CREATE INDEX customers_organization_created_at ON customers (organization_id, created_at)",
                // The export walks an organization's customers in id order, a batch at a time.
                "CREATE INDEX customers_organization_id ON customers (organization_id, id)",
            ],
            // The list's `query` matches substrings case-insensitively: trigram indexes let
            // PostgreSQL answer it without reading every customer.
            postgres: [
                "CREATE EXTENSION IF NOT EXISTS pg_trgm",
                "CREATE INDEX customers_search_email ON customers USING gin (email_lower gin_trgm_ops)",
                "CREATE INDEX customers_search_name ON customers USING gin (lower(name) gin_trgm_ops)",
                "CREATE INDEX customers_search_billing_name ON customers USING gin (lower(billing_name) gin_trgm_ops)",
                "CREATE INDEX customers_search_external_id ON customers USING gin (lower(external_id) gin_trgm_ops)",
            ]
        ),
        Step(
            version: 2, name: "customer portal: sessions, email verifications, portal settings",
            statements: [
                // JSON; NULL means Polar's defaults (see `CustomerPortalSettings`).
                "ALTER TABLE organizations ADD COLUMN customer_portal_settings TEXT",
                """
                CREATE TABLE customer_sessions (
                    id TEXT PRIMARY KEY,
                    token_hash TEXT NOT NULL UNIQUE,
                    customer_id TEXT NOT NULL REFERENCES customers (id),
                    return_url TEXT,
                    created_at BIGINT NOT NULL,
                    expires_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX customer_sessions_expires_at ON customer_sessions (expires_at)",
                """
                CREATE TABLE customer_email_verifications (
                    id TEXT PRIMARY KEY,
                    token_hash TEXT NOT NULL UNIQUE,
                    email TEXT NOT NULL,
                    customer_id TEXT NOT NULL REFERENCES customers (id),
                    organization_id TEXT NOT NULL REFERENCES organizations (id),
                    created_at BIGINT NOT NULL,
                    expires_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX customer_email_verifications_customer ON customer_email_verifications (customer_id)",
            ]
        ),
        Step(
            version: 3, name: "email outbox",
            statements: [
                """
                CREATE TABLE email_outbox (
                    id TEXT PRIMARY KEY,
                    recipient TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    body TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at BIGINT NOT NULL,
                    claimed_until BIGINT,
                    sent_at BIGINT,
                    last_error TEXT
                )
                """,
                // What a dispatcher scans for: unsent messages that are due.
                "CREATE INDEX email_outbox_pending ON email_outbox (next_attempt_at) WHERE sent_at IS NULL",
            ]
        ),
        Step(
            version: 4, name: "payment methods",
            statements: [
                "ALTER TABLE customers ADD COLUMN stripe_customer_id TEXT",
                // `method_metadata` keeps Stripe's whole type-specific object as JSON, as Polar does.
                """
                CREATE TABLE payment_methods (
                    id TEXT PRIMARY KEY,
                    processor TEXT NOT NULL,
                    processor_id TEXT NOT NULL,
                    type TEXT NOT NULL,
                    method_metadata TEXT NOT NULL,
                    customer_id TEXT NOT NULL REFERENCES customers (id),
                    created_at BIGINT NOT NULL,
                    modified_at BIGINT,
                    deleted_at BIGINT,
                    UNIQUE (processor, processor_id, customer_id)
                )
                """,
                "CREATE INDEX payment_methods_customer ON payment_methods (customer_id, created_at)",
            ]
        ),
        Step(
            version: 5, name: "Stripe emulator objects",
            statements: [
                StripeEmulatorStore.schema
            ]
        ),
        Step(
            version: 6, name: "usage: meters, events, benefits, customer usage",
            statements: [
                """
                CREATE TABLE meters (
                    id TEXT PRIMARY KEY,
                    organization_id TEXT NOT NULL REFERENCES organizations (id),
                    name TEXT NOT NULL,
                    unit TEXT NOT NULL,
                    custom_label TEXT,
                    custom_multiplier INTEGER,
                    filter TEXT NOT NULL,
                    aggregation TEXT NOT NULL,
                    metadata TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    modified_at BIGINT,
                    archived_at BIGINT
                )
                """,
                "CREATE INDEX meters_organization ON meters (organization_id, created_at)",
                """
                CREATE TABLE events (
                    id TEXT PRIMARY KEY,
                    organization_id TEXT NOT NULL REFERENCES organizations (id),
                    name TEXT NOT NULL,
                    source TEXT NOT NULL,
                    timestamp BIGINT NOT NULL,
                    customer_id TEXT REFERENCES customers (id),
                    external_customer_id TEXT,
                    external_id TEXT,
                    metadata TEXT NOT NULL,
                    ingested_at BIGINT NOT NULL
                )
                """,
                // Ingesting an `external_id` twice is a duplicate, as in Polar.
                "CREATE UNIQUE INDEX events_organization_external_id ON events (organization_id, external_id)",
                "CREATE INDEX events_customer ON events (customer_id, timestamp)",
                // Events sent for an external id no customer has yet wait here for that customer.
                """
                CREATE INDEX events_pending_external_customer ON events (organization_id, external_customer_id)
                WHERE customer_id IS NULL
                """,
                """
                CREATE TABLE benefits (
                    id TEXT PRIMARY KEY,
                    organization_id TEXT NOT NULL REFERENCES organizations (id),
                    type TEXT NOT NULL,
                    description TEXT NOT NULL,
                    properties TEXT NOT NULL,
                    metadata TEXT NOT NULL,
                    visibility TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    modified_at BIGINT,
                    deleted_at BIGINT
                )
                """,
                "CREATE INDEX benefits_organization ON benefits (organization_id, created_at)",
                // A customer's usage of a meter, kept up to date as events arrive, so reading it
                // never scans events. `owner_id` names whose usage it is: for now, a customer.
                """
                CREATE TABLE meter_usages (
                    id TEXT PRIMARY KEY,
                    owner_id TEXT NOT NULL,
                    meter_id TEXT NOT NULL REFERENCES meters (id),
                    created_at BIGINT NOT NULL,
                    modified_at BIGINT,
                    event_count BIGINT NOT NULL,
                    number_count BIGINT NOT NULL,
                    number_sum DOUBLE PRECISION NOT NULL,
                    number_min DOUBLE PRECISION,
                    number_max DOUBLE PRECISION,
                    unique_count BIGINT NOT NULL,
                    credited_units BIGINT NOT NULL,
                    UNIQUE (owner_id, meter_id)
                )
                """,
                // The distinct values a `unique` aggregation has seen, per usage row.
                """
                CREATE TABLE meter_usage_values (
                    usage_id TEXT NOT NULL REFERENCES meter_usages (id),
                    value TEXT NOT NULL,
                    PRIMARY KEY (usage_id, value)
                )
                """,
            ]
        ),
        Step(
            version: 7, name: "billing: products, prices, subscriptions, benefit grants",
            statements: [
                """
                CREATE TABLE products (
                    id TEXT PRIMARY KEY,
                    organization_id TEXT NOT NULL REFERENCES organizations (id),
                    name TEXT NOT NULL,
                    description TEXT,
                    visibility TEXT NOT NULL,
                    recurring_interval TEXT,
                    recurring_interval_count INTEGER,
                    trial_interval TEXT,
                    trial_interval_count INTEGER,
                    meter_interval TEXT,
                    meter_interval_count INTEGER,
                    metadata TEXT NOT NULL,
                    is_archived BOOLEAN NOT NULL,
                    created_at BIGINT NOT NULL,
                    modified_at BIGINT
                )
                """,
                "CREATE INDEX products_organization ON products (organization_id, created_at)",
                """
                CREATE TABLE product_prices (
                    id TEXT PRIMARY KEY,
                    product_id TEXT NOT NULL REFERENCES products (id),
                    position INTEGER NOT NULL,
                    amount_type TEXT NOT NULL,
                    price_currency TEXT NOT NULL,
                    tax_behavior TEXT,
                    price_amount BIGINT,
                    unit_amount TEXT,
                    cap_amount BIGINT,
                    meter_id TEXT REFERENCES meters (id),
                    is_archived BOOLEAN NOT NULL,
                    created_at BIGINT NOT NULL,
                    modified_at BIGINT
                )
                """,
                "CREATE INDEX product_prices_product ON product_prices (product_id, position)",
                """
                CREATE TABLE product_benefits (
                    product_id TEXT NOT NULL REFERENCES products (id),
                    benefit_id TEXT NOT NULL REFERENCES benefits (id),
                    position INTEGER NOT NULL,
                    PRIMARY KEY (product_id, benefit_id)
                )
                """,
                "CREATE INDEX product_benefits_benefit ON product_benefits (benefit_id)",
                """
                CREATE TABLE subscriptions (
                    id TEXT PRIMARY KEY,
                    organization_id TEXT NOT NULL REFERENCES organizations (id),
                    customer_id TEXT NOT NULL REFERENCES customers (id),
                    product_id TEXT NOT NULL REFERENCES products (id),
                    status TEXT NOT NULL,
                    amount BIGINT NOT NULL,
                    currency TEXT NOT NULL,
                    recurring_interval TEXT NOT NULL,
                    recurring_interval_count INTEGER NOT NULL,
                    current_period_start BIGINT NOT NULL,
                    current_period_end BIGINT,
                    trial_start BIGINT,
                    trial_end BIGINT,
                    cancel_at_period_end BOOLEAN NOT NULL,
                    canceled_at BIGINT,
                    started_at BIGINT,
                    ends_at BIGINT,
                    ended_at BIGINT,
                    customer_cancellation_reason TEXT,
                    customer_cancellation_comment TEXT,
                    payment_method_id TEXT REFERENCES payment_methods (id),
                    metadata TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    modified_at BIGINT
                )
                """,
                "CREATE INDEX subscriptions_customer ON subscriptions (customer_id, status)",
                "CREATE INDEX subscriptions_organization ON subscriptions (organization_id, started_at)",
                "CREATE INDEX subscriptions_product ON subscriptions (product_id, status)",
                "CREATE INDEX subscriptions_payment_method ON subscriptions (payment_method_id)",
                // What a customer has been given by a subscription, until it is revoked.
                """
                CREATE TABLE benefit_grants (
                    id TEXT PRIMARY KEY,
                    customer_id TEXT NOT NULL REFERENCES customers (id),
                    benefit_id TEXT NOT NULL REFERENCES benefits (id),
                    subscription_id TEXT REFERENCES subscriptions (id),
                    properties TEXT NOT NULL,
                    granted_at BIGINT,
                    revoked_at BIGINT,
                    created_at BIGINT NOT NULL,
                    modified_at BIGINT,
                    UNIQUE (subscription_id, benefit_id)
                )
                """,
                "CREATE INDEX benefit_grants_customer ON benefit_grants (customer_id, created_at)",
            ]
        ),
        Step(
            version: 8, name: "webhooks: endpoints, events, deliveries, pending customer changes",
            statements: [
                """
                CREATE TABLE webhook_endpoints (
                    id TEXT PRIMARY KEY,
                    organization_id TEXT NOT NULL REFERENCES organizations (id),
                    url TEXT NOT NULL,
                    name TEXT,
                    api_version TEXT NOT NULL,
                    format TEXT NOT NULL,
                    secret TEXT NOT NULL,
                    standard_signature BOOLEAN NOT NULL,
                    events TEXT NOT NULL,
                    enabled BOOLEAN NOT NULL,
                    created_at BIGINT NOT NULL,
                    modified_at BIGINT,
                    deleted_at BIGINT
                )
                """,
                "CREATE INDEX webhook_endpoints_organization ON webhook_endpoints (organization_id, created_at)",
                // One row per event and endpoint, with the exact body every attempt sends. `pending`
                // rows are due for an attempt at `next_attempt_at`, claimed under a lease.
                """
                CREATE TABLE webhook_events (
                    id TEXT PRIMARY KEY,
                    endpoint_id TEXT NOT NULL REFERENCES webhook_endpoints (id),
                    type TEXT NOT NULL,
                    api_version TEXT NOT NULL,
                    payload TEXT,
                    last_http_code INTEGER,
                    succeeded BOOLEAN,
                    skipped BOOLEAN NOT NULL,
                    pending BOOLEAN NOT NULL,
                    next_attempt_at BIGINT NOT NULL,
                    claimed_until BIGINT,
                    created_at BIGINT NOT NULL,
                    modified_at BIGINT
                )
                """,
                "CREATE INDEX webhook_events_due ON webhook_events (next_attempt_at) WHERE pending",
                "CREATE INDEX webhook_events_endpoint ON webhook_events (endpoint_id, created_at)",
                """
                CREATE TABLE webhook_deliveries (
                    id TEXT PRIMARY KEY,
                    endpoint_id TEXT NOT NULL REFERENCES webhook_endpoints (id),
                    event_id TEXT NOT NULL REFERENCES webhook_events (id),
                    succeeded BOOLEAN NOT NULL,
                    http_code INTEGER,
                    response TEXT,
                    created_at BIGINT NOT NULL,
                    modified_at BIGINT
                )
                """,
                "CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, created_at)",
                "CREATE INDEX webhook_deliveries_event ON webhook_deliveries (event_id)",
                // Customer events waiting to be fanned out once `due_at` comes: a `customer.*` event
                // (its data as of the change) followed by a `customer.state_changed` with the state of
                // that moment, as Polar's job sends them; or, debounced, the state_changed alone, one
                // row per customer that later changes push back.
                """
                CREATE TABLE webhook_customer_changes (
                    id TEXT PRIMARY KEY,
                    customer_id TEXT NOT NULL REFERENCES customers (id),
                    organization_id TEXT NOT NULL REFERENCES organizations (id),
                    event_type TEXT,
                    event_data TEXT,
                    debounced BOOLEAN NOT NULL,
                    requested_at BIGINT NOT NULL,
                    first_requested_at BIGINT NOT NULL,
                    due_at BIGINT NOT NULL,
                    claimed_until BIGINT
                )
                """,
                "CREATE UNIQUE INDEX webhook_customer_changes_debounced ON webhook_customer_changes (customer_id) WHERE debounced",
                "CREATE INDEX webhook_customer_changes_due ON webhook_customer_changes (due_at)",
            ]
        ),
        Step(
            version: 9, name: "when each organization access token was last used",
            statements: ["ALTER TABLE organization_access_tokens ADD COLUMN last_used_at BIGINT"]
        ),
        Step(
            version: 10, name: "test clocks, and the subscriptions due to renew or end",
            statements: [
                """
                CREATE TABLE test_clocks (
                    id TEXT PRIMARY KEY,
                    organization_id TEXT NOT NULL REFERENCES organizations (id),
                    name TEXT,
                    frozen_time BIGINT NOT NULL,
                    status TEXT NOT NULL,
                    -- Where an advance is going: set while advancing, so a crash resumes it.
                    advancing_to BIGINT,
                    created_at BIGINT NOT NULL,
                    modified_at BIGINT,
                    deleted_at BIGINT
                )
                """,
                "CREATE INDEX test_clocks_organization ON test_clocks (organization_id, created_at)",
                // A customer on a clock lives on its time; its subscriptions carry the clock too, so
                // the scheduler finds what is due on real time without a join.
                "ALTER TABLE customers ADD COLUMN test_clock_id TEXT REFERENCES test_clocks (id)",
                "ALTER TABLE subscriptions ADD COLUMN test_clock_id TEXT REFERENCES test_clocks (id)",
                """
                CREATE INDEX subscriptions_due ON subscriptions (current_period_end) \
                WHERE status IN ('active', 'trialing', 'past_due') AND ended_at IS NULL
                """,
            ]
        ),
        .init(
            version: 11, name: "reading an organization's events by time",
            statements: ["CREATE INDEX events_organization_timestamp ON events (organization_id, timestamp)"]
        ),
        .init(
            version: 12, name: "a revoked grant is no longer granted, as Polar records it",
            statements: ["UPDATE benefit_grants SET granted_at = NULL WHERE revoked_at IS NOT NULL"]
        ),
        .init(
            version: 13, name: "organizations in test mode may use test clocks",
            statements: ["ALTER TABLE organizations ADD COLUMN test_mode BOOLEAN NOT NULL DEFAULT TRUE"]
        ),
        .init(
            version: 14, name: "customer lists: live counts kept up to date, and a trigram index for search on SQLite",
            // How many live customers each organization has, so a list without filters does not
            // count a million rows. Triggers keep it exact whatever writes a customer.
            statements: [
                """
                CREATE TABLE customer_counts (
                    organization_id TEXT NOT NULL REFERENCES organizations (id),
                    -- PostgreSQL spreads concurrent writers over 16 rows; the count is their sum.
                    shard INTEGER NOT NULL,
                    live BIGINT NOT NULL,
                    PRIMARY KEY (organization_id, shard)
                )
                """,
                """
                INSERT INTO customer_counts (organization_id, shard, live)
                SELECT organization_id, 0, COUNT(*) FROM customers WHERE deleted_at IS NULL GROUP BY organization_id
                """,
            ],
            // SQLite keeps the counts with one row per organization (its writers never overlap).
            // FTS5's trigram tokenizer finds the customers whose email, name, billing name or
            // external ID may contain a search text; the list still applies its LIKE to them, so
            // results are exactly what a scan finds. The index is keyed by the customers' rowid,
            // which VACUUM and VACUUM INTO keep.
            sqlite: [
                """
                CREATE TRIGGER customer_counts_insert AFTER INSERT ON customers WHEN new.deleted_at IS NULL BEGIN
                    INSERT INTO customer_counts (organization_id, shard, live) VALUES (new.organization_id, 0, 1)
                    ON CONFLICT (organization_id, shard) DO UPDATE SET live = live + 1;
                END
                """,
                """
                CREATE TRIGGER customer_counts_update AFTER UPDATE OF deleted_at ON customers
                WHEN (old.deleted_at IS NULL) <> (new.deleted_at IS NULL) BEGIN
                    INSERT INTO customer_counts (organization_id, shard, live)
                    VALUES (new.organization_id, 0, CASE WHEN new.deleted_at IS NULL THEN 1 ELSE -1 END)
                    ON CONFLICT (organization_id, shard) DO UPDATE SET live = live + excluded.live;
                END
                """,
                """
                CREATE TRIGGER customer_counts_delete AFTER DELETE ON customers WHEN old.deleted_at IS NULL BEGIN
                    UPDATE customer_counts SET live = live - 1 WHERE organization_id = old.organization_id AND shard = 0;
                END
                """,
                """
                CREATE VIRTUAL TABLE customers_search USING fts5(
                    terms, tokenize = 'trigram', detail = none, content = '', contentless_delete = 1
                )
                """,
                "INSERT INTO customers_search (rowid, terms) SELECT rowid, \(searchTerms("")) FROM customers WHERE deleted_at IS NULL",
                """
                CREATE TRIGGER customers_search_insert AFTER INSERT ON customers WHEN new.deleted_at IS NULL BEGIN
                    INSERT INTO customers_search (rowid, terms) VALUES (new.rowid, \(searchTerms("new.")));
                END
                """,
                """
                CREATE TRIGGER customers_search_update AFTER UPDATE OF email_lower, name, billing_name, external_id, deleted_at
                ON customers WHEN old.email_lower IS NOT new.email_lower OR old.name IS NOT new.name
                OR old.billing_name IS NOT new.billing_name OR old.external_id IS NOT new.external_id
                OR old.deleted_at IS NOT new.deleted_at BEGIN
                    DELETE FROM customers_search WHERE rowid = old.rowid;
                    INSERT INTO customers_search (rowid, terms) SELECT new.rowid, \(searchTerms("new.")) WHERE new.deleted_at IS NULL;
                END
                """,
                """
                CREATE TRIGGER customers_search_delete AFTER DELETE ON customers BEGIN
                    DELETE FROM customers_search WHERE rowid = old.rowid;
                END
                """,
            ],
            // Each connection counts on its own row of the 16, so concurrent writers rarely wait
            // on one another, and once per statement, so an import's 500-row INSERT
            // updates its row once, not 500 times.
            postgres: [
                """
                CREATE FUNCTION customer_counts_track() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'INSERT' THEN
                        INSERT INTO customer_counts (organization_id, shard, live)
                        SELECT organization_id, pg_backend_pid() & 15, COUNT(*) FROM new_rows
                        WHERE deleted_at IS NULL GROUP BY organization_id
                        ON CONFLICT (organization_id, shard) DO UPDATE SET live = customer_counts.live + EXCLUDED.live;
                    ELSIF TG_OP = 'DELETE' THEN
                        INSERT INTO customer_counts (organization_id, shard, live)
                        SELECT organization_id, pg_backend_pid() & 15, -COUNT(*) FROM old_rows
                        WHERE deleted_at IS NULL GROUP BY organization_id
                        ON CONFLICT (organization_id, shard) DO UPDATE SET live = customer_counts.live + EXCLUDED.live;
                    ELSE
                        INSERT INTO customer_counts (organization_id, shard, live)
                        SELECT n.organization_id, pg_backend_pid() & 15,
                            SUM((n.deleted_at IS NULL)::int - (o.deleted_at IS NULL)::int)
                        FROM new_rows n JOIN old_rows o ON o.id = n.id GROUP BY n.organization_id
                        HAVING SUM((n.deleted_at IS NULL)::int - (o.deleted_at IS NULL)::int) <> 0
                        ON CONFLICT (organization_id, shard) DO UPDATE SET live = customer_counts.live + EXCLUDED.live;
                    END IF;
                    RETURN NULL;
                END
                $$
                """,
                """
                CREATE TRIGGER customer_counts_insert AFTER INSERT ON customers REFERENCING NEW TABLE AS new_rows
                FOR EACH STATEMENT EXECUTE FUNCTION customer_counts_track()
                """,
                """
                CREATE TRIGGER customer_counts_update AFTER UPDATE ON customers REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                FOR EACH STATEMENT EXECUTE FUNCTION customer_counts_track()
                """,
                """
                CREATE TRIGGER customer_counts_delete AFTER DELETE ON customers REFERENCING OLD TABLE AS old_rows
                FOR EACH STATEMENT EXECUTE FUNCTION customer_counts_track()
                """,
            ]
        ),
    ]

    /// The text the search index holds for a customer row (`prefix` is `new.` in a trigger):
    /// the four searched columns, one per line.
    private static func searchTerms(_ prefix: String) -> String {
        ["email_lower", "name", "billing_name", "external_id"].map { "coalesce(\(prefix)\($0), '')" }.joined(separator: " || char(10) || ")
    }

    /// Whether the database answers and has every step applied.
    static func isCurrent(on database: Database) async throws -> Bool {
        let latest = try await database.sql.raw("SELECT MAX(version) AS v FROM schema_migrations").first(decodingColumn: "v", as: Int?.self)
        return latest == steps.last?.version
    }

    /// Applies every step the database has not seen yet, one process at a time.
    static func run(on database: Database) async throws {
        try await database.sql.withSession { session in
            if let lock = database.dialect.migrationLock { try await session.raw(SQLQueryString(lock.lock)).run() }
            do {
                try await apply(on: session, dialect: database.dialect)
            } catch {
                if let lock = database.dialect.migrationLock { try? await session.raw(SQLQueryString(lock.unlock)).run() }
                throw error
            }
            if let lock = database.dialect.migrationLock { try await session.raw(SQLQueryString(lock.unlock)).run() }
        }
    }

    private static func apply(on session: any SQLDatabase, dialect: SQLDialectSeam) async throws {
        try await session.raw(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)"
        ).run()
        for step in steps {
            try await Database.transaction(on: session, dialect: dialect) { db in
                let applied = try await db.raw("SELECT version FROM schema_migrations WHERE version = \(bind: step.version)").first()
                guard applied == nil else { return }
                for statement in step.statements + (dialect.isPostgres ? step.postgres : step.sqlite) {
                    try await db.raw(SQLQueryString(statement)).run()
                }
                try await db.raw(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (\(bind: step.version), \(bind: step.name), \(bind: ServerClock.system.now()))"
                ).run()
            }
        }
    }
}
