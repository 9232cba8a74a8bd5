using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Scari.Web.Features.Enrollment;

/// <summary>Recognises a unique-index violation on either provider: the database's answer to a lost race.</summary>
public static class UniqueViolation
{
    public static bool Is(DbUpdateException ex) => ex.InnerException switch
    {
        PostgresException pg => pg.SqlState == PostgresErrorCodes.UniqueViolation,
        SqliteException lite => lite.SqliteErrorCode == 19, // SQLITE_CONSTRAINT
        _ => false,
    };
}
