namespace Kecs.EcsApi.Storage;

/// <summary>
/// The schema, as an append-only list of steps. A database remembers how many steps it has run;
/// opening it runs the rest in one transaction. Never edit a step that has shipped: add one.
/// </summary>
public static class SchemaMigrations
{
    /// <summary>The first step whose state tables are today's (later steps added only the row-version log), so snapshots since then import.</summary>
    public const int StateTablesSince = 3;

    public static readonly IReadOnlyList<string> Steps =
    [
        """
        CREATE TABLE clusters (
            arn      VARCHAR PRIMARY KEY,
            region   VARCHAR NOT NULL,
            account  VARCHAR NOT NULL,
            name     VARCHAR NOT NULL,
            status   VARCHAR NOT NULL,
            document JSON    NOT NULL
        );
        CREATE INDEX clusters_by_region ON clusters (region, account, status, name);
        CREATE TABLE resource_tags (
            arn  VARCHAR PRIMARY KEY,
            tags JSON    NOT NULL
        );
        """,
        """
        CREATE TABLE task_definition_families (
            region        VARCHAR NOT NULL,
            account       VARCHAR NOT NULL,
            family        VARCHAR NOT NULL,
            last_revision INTEGER NOT NULL,
            PRIMARY KEY (region, account, family)
        );
        CREATE TABLE task_definitions (
            arn      VARCHAR PRIMARY KEY,
            region   VARCHAR NOT NULL,
            account  VARCHAR NOT NULL,
            family   VARCHAR NOT NULL,
            revision INTEGER NOT NULL,
            status   VARCHAR NOT NULL,
            document JSON    NOT NULL
        );
        CREATE TABLE services (
            arn                 VARCHAR PRIMARY KEY,
            cluster_arn         VARCHAR NOT NULL,
            name                VARCHAR NOT NULL,
            status              VARCHAR NOT NULL,
            launch_type         VARCHAR,
            scheduling_strategy VARCHAR NOT NULL,
            namespace           VARCHAR,
            client_token        VARCHAR,
            request_hash        VARCHAR NOT NULL,
            document            JSON    NOT NULL
        );
        CREATE TABLE tasks (
            arn                VARCHAR PRIMARY KEY,
            cluster_arn        VARCHAR NOT NULL,
            family             VARCHAR NOT NULL,
            task_definition    VARCHAR NOT NULL,
            service_arn        VARCHAR,
            started_by         VARCHAR,
            launch_type        VARCHAR,
            desired_status     VARCHAR NOT NULL,
            last_status        VARCHAR NOT NULL,
            stopped_at         TIMESTAMPTZ,
            trace_parent       VARCHAR,
            document           JSON    NOT NULL
        );
        CREATE TABLE run_task_tokens (
            cluster_arn  VARCHAR NOT NULL,
            client_token VARCHAR NOT NULL,
            request_hash VARCHAR NOT NULL,
            task_arns    JSON    NOT NULL,
            created_at   TIMESTAMPTZ NOT NULL,
            PRIMARY KEY (cluster_arn, client_token)
        );
        CREATE TABLE account_settings (
            region        VARCHAR NOT NULL,
            account       VARCHAR NOT NULL,
            principal_arn VARCHAR NOT NULL,
            name          VARCHAR NOT NULL,
            value         VARCHAR NOT NULL,
            PRIMARY KEY (region, account, principal_arn, name)
        );
        CREATE SEQUENCE change_sequence START 1;
        CREATE TABLE changes (
            sequence BIGINT  PRIMARY KEY,
            kind     VARCHAR NOT NULL,
            arn      VARCHAR NOT NULL
        );
        """,
        """
        CREATE SEQUENCE service_deployment_position START 1;
        CREATE TABLE service_deployments (
            arn                    VARCHAR PRIMARY KEY,
            service_arn            VARCHAR NOT NULL,
            position               BIGINT  NOT NULL,
            created_at             TIMESTAMPTZ NOT NULL,
            status                 VARCHAR NOT NULL,
            target_deployment_id   VARCHAR NOT NULL,
            rollback_deployment_id VARCHAR,
            document               JSON    NOT NULL
        );
        CREATE TABLE service_revisions (
            arn         VARCHAR PRIMARY KEY,
            service_arn VARCHAR NOT NULL,
            document    JSON    NOT NULL
        );
        """,
        """
        CREATE TABLE row_versions (
            version BIGINT  NOT NULL,
            tbl     VARCHAR NOT NULL,
            key     VARCHAR NOT NULL,
            deleted BOOLEAN NOT NULL,
            columns VARCHAR NOT NULL
        );
        """,
        """
        ALTER TABLE tasks ADD COLUMN protected_until TIMESTAMPTZ;
        ALTER TABLE services ADD COLUMN express JSON;
        CREATE TABLE capacity_providers (
            arn      VARCHAR PRIMARY KEY,
            region   VARCHAR NOT NULL,
            account  VARCHAR NOT NULL,
            name     VARCHAR NOT NULL,
            status   VARCHAR NOT NULL,
            document JSON    NOT NULL
        );
        CREATE TABLE container_instances (
            arn         VARCHAR PRIMARY KEY,
            cluster_arn VARCHAR NOT NULL,
            status      VARCHAR NOT NULL,
            document    JSON    NOT NULL
        );
        CREATE TABLE kube_nodes (
            instance_id VARCHAR PRIMARY KEY,
            document    JSON    NOT NULL
        );
        """,
        """
        ALTER TABLE tasks ADD COLUMN daemon_arn VARCHAR;
        CREATE TABLE daemon_task_definitions (
            arn      VARCHAR PRIMARY KEY,
            region   VARCHAR NOT NULL,
            account  VARCHAR NOT NULL,
            family   VARCHAR NOT NULL,
            revision INTEGER NOT NULL,
            document JSON    NOT NULL
        );
        CREATE TABLE daemons (
            arn         VARCHAR PRIMARY KEY,
            cluster_arn VARCHAR NOT NULL,
            status      VARCHAR NOT NULL,
            document    JSON    NOT NULL
        );
        CREATE TABLE node_states (
            instance_id VARCHAR PRIMARY KEY,
            status      VARCHAR NOT NULL
        );
        """,
    ];
}
