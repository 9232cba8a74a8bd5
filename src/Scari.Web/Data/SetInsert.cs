using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Scari.Web.Data;

/// <summary>
/// Inserts many rows of one entity with one multi-row <c>INSERT … VALUES (…), (…)</c> per batch, on either provider,
/// for bulk work such as imports. EF Core sends one <c>INSERT</c> statement per row (batched in round trips, but each
/// row parsed, planned and tracked on its own); here the columns, their conversions (enums as text, UTC times) and
/// their quoting come from the EF model, so the statement stays in step with the migrations. The rows are not tracked
/// and their generated keys are not read back (query them by a unique key if needed). It runs through EF's command
/// pipeline, inside the context's current transaction, so interceptors and logging see it. A database failure comes
/// out as a <see cref="DbUpdateException"/>, as from SaveChanges, so <see cref="UniqueViolation"/> recognizes it.
/// </summary>
public static class SetInsert
{
    /// <summary>Parameters per statement: under SQLite's limit (32,766) and PostgreSQL's (65,535).</summary>
    private const int MaxParameters = 30_000;
    private const int MaxRowsPerStatement = 1_000;

    /// <summary>Inserts <paramref name="rows"/>; returns the number of statements sent.</summary>
    public static async Task<int> InsertAsync<T>(DbContext db, IReadOnlyList<T> rows, CancellationToken ct) where T : class
    {
        if (rows.Count == 0) return 0;
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} no es parte del modelo.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = entity.GetProperties()
            .Where(p => !(p.IsPrimaryKey() && p.ValueGenerated != ValueGenerated.Never) && p.GetColumnName(table) is not null)
            .Select(p => (Property: p, Column: p.GetColumnName(table)!, Mapping: (RelationalTypeMapping)p.GetRelationalTypeMapping()))
            .ToList();
        if (columns.FirstOrDefault(c => c.Property.IsShadowProperty()) is { Property: { } shadow })
            throw new InvalidOperationException($"{typeof(T).Name}.{shadow.Name} no tiene propiedad en la clase: SetInsert no puede leerla.");
        var sql = db.GetService<ISqlGenerationHelper>();
        var prefix = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Column)))}) VALUES ";
        var perStatement = Math.Max(1, Math.Min(MaxRowsPerStatement, MaxParameters / columns.Count));

        await using var factory = db.Database.GetDbConnection().CreateCommand(); // only to create provider parameters
        var statements = 0;
        foreach (var chunk in rows.Chunk(perStatement))
        {
            var text = new StringBuilder(prefix, prefix.Length + chunk.Length * columns.Count * 8);
            var parameters = new List<DbParameter>(chunk.Length * columns.Count);
            for (var r = 0; r < chunk.Length; r++)
            {
                text.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < columns.Count; c++)
                {
                    var (property, _, mapping) = columns[c];
                    var name = "p" + parameters.Count;
                    if (c > 0) text.Append(", ");
                    text.Append(sql.GenerateParameterNamePlaceholder(name));
                    parameters.Add(mapping.CreateParameter(factory, sql.GenerateParameterName(name), property.GetGetter().GetClrValue(chunk[r]), property.IsNullable));
                }
                text.Append(')');
            }
            try
            {
                await db.Database.ExecuteSqlRawAsync(text.ToString(), parameters, ct);
            }
            catch (DbException ex)
            {
                throw new DbUpdateException($"No se pudieron insertar las filas de {typeof(T).Name}.", ex);
            }
            statements++;
        }
        return statements;
    }
}
