using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace Scari.Web.Data;

/// <summary>
/// The one recognizer of a unique-index violation, on either provider, that also says WHICH index refused the
/// write, so that a caller treats only its own race as a race and lets every other failure through.
/// PostgreSQL reports SQLSTATE 23505 with the constraint's name. SQLite reports extended code 2067 (UNIQUE) or
/// 1555 (PRIMARY KEY) and names the table and columns in its message ("UNIQUE constraint failed: T.A, T.B"), or
/// "index 'name'" for an index on expressions; both are matched against the EF model's indexes and keys.
/// Other constraint failures (foreign key, NOT NULL, CHECK) are never taken for a unique violation.
/// </summary>
public static partial class UniqueViolation
{
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintPrimaryKey = 1555;

    /// <summary>True when the write broke the unique index or key of <typeparamref name="TEntity"/> over exactly these properties.</summary>
    public static bool IsOn<TEntity>(this DbContext db, DbUpdateException ex, params string[] properties)
    {
        var hit = Find(db.Model, ex);
        return hit is not null
            && hit.Value.Entity.ClrType == typeof(TEntity)
            && hit.Value.Properties.Order(StringComparer.Ordinal).SequenceEqual(properties.Order(StringComparer.Ordinal));
    }

    /// <summary>True when the write broke the unique index with this database name (e.g. a filtered index named in the model).</summary>
    public static bool IsOn(this DbContext db, DbUpdateException ex, string indexName) =>
        Find(db.Model, ex) is { } hit && hit.Name == indexName;

    /// <summary>The entity, index name and properties of the unique index or key that refused the write; null for any other failure.</summary>
    public static (IEntityType Entity, string Name, IReadOnlyList<string> Properties)? Find(IModel model, DbUpdateException ex)
    {
        switch (ex.InnerException)
        {
            case PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: { } constraint }:
                foreach (var (entity, name, props, _, _) in UniqueIndexes(model))
                    if (name == constraint) return (entity, name, props);
                return null;
            case SqliteException lite when lite.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey:
                var m = SqliteMessage().Match(lite.Message);
                if (!m.Success) return null;
                if (m.Groups["index"].Success)
                {
                    foreach (var (entity, name, props, _, _) in UniqueIndexes(model))
                        if (name == m.Groups["index"].Value) return (entity, name, props);
                    return null;
                }
                var columns = m.Groups["columns"].Value.Split(", ")
                    .Select(c => c.Split('.', 2)).Where(p => p.Length == 2).ToList();
                if (columns.Count == 0 || columns.Select(c => c[0]).Distinct().Count() != 1) return null;
                var table = columns[0][0];
                var wanted = columns.Select(c => c[1]).Order(StringComparer.Ordinal).ToList();
                foreach (var (entity, name, props, tableName, cols) in UniqueIndexes(model))
                    if (tableName == table && cols.Order(StringComparer.Ordinal).SequenceEqual(wanted)) return (entity, name, props);
                return null;
            default:
                return null;
        }
    }

    private static IEnumerable<(IEntityType Entity, string Name, IReadOnlyList<string> Properties, string? Table, IReadOnlyList<string> Columns)> UniqueIndexes(IModel model)
    {
        foreach (var entity in model.GetEntityTypes())
        {
            var table = entity.GetTableName();
            if (table is null) continue;
            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
            foreach (var index in entity.GetIndexes().Where(i => i.IsUnique))
                yield return (entity, index.GetDatabaseName() ?? "", index.Properties.Select(p => p.Name).ToList(), table,
                    index.Properties.Select(p => p.GetColumnName(store) ?? p.Name).ToList());
            foreach (var key in entity.GetKeys())
                yield return (entity, key.GetName() ?? "", key.Properties.Select(p => p.Name).ToList(), table,
                    key.Properties.Select(p => p.GetColumnName(store) ?? p.Name).ToList());
        }
    }

    [GeneratedRegex(@"(?:UNIQUE|PRIMARY KEY) constraint failed: (?:index '(?<index>[^']+)'|(?<columns>[^'\r\n]+?))'?\.?$", RegexOptions.CultureInvariant | RegexOptions.Multiline)]
    private static partial Regex SqliteMessage();
}
