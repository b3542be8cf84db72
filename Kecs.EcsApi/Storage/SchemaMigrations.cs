namespace Kecs.EcsApi.Storage;

/// <summary>
/// The schema, as an append-only list of steps. A database remembers how many steps it has run;
/// opening it runs the rest in one transaction. Never edit a step that has shipped: add one.
/// </summary>
public static class SchemaMigrations
{
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
    ];
}
