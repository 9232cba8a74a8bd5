using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Scari.Web.Data;

/// <summary>
/// SQLite's own lower() and upper() change only A–Z, so a name search for «ángela» missed «Ángela» and «álvarez» missed
/// «ÁLVAREZ», which PostgreSQL's lower() finds. Every SQLite connection gets Unicode versions of both, so
/// <c>ToLower()</c> in a shared query means the same on both providers and still translates to SQL.
/// </summary>
internal sealed class SqliteUnicodeCase : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Register(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Register(connection);
        return Task.CompletedTask;
    }

    private static void Register(DbConnection connection)
    {
        if (connection is not SqliteConnection sqlite) return;
        sqlite.CreateFunction("lower", (string? text) => text?.ToLowerInvariant(), isDeterministic: true);
        sqlite.CreateFunction("upper", (string? text) => text?.ToUpperInvariant(), isDeterministic: true);
    }
}
