using System.Text;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;

namespace Scari.Web.Features.People;

/// <summary>
/// Loads content/catalogo/dependencias.csv and colegios.csv into the database at start. Idempotent by code:
/// new codes are inserted, existing rows (maybe renamed or deactivated by an administrator) are left alone,
/// nothing is deleted. <c>INSERT … ON CONFLICT DO NOTHING</c> (same SQL on PostgreSQL and SQLite) makes two
/// instances starting together safe.
/// </summary>
public sealed class CatalogueSeeder(ScariDbContext db, ILogger<CatalogueSeeder> log)
{
    public sealed record Result(int DependenciasAdded, int ColegiosAdded, IReadOnlyList<string> Problems);

    public async Task<Result> SeedAsync(string contentDirectory, CancellationToken ct)
    {
        var problems = new List<string>();
        var folder = Path.Combine(contentDirectory, "catalogo");
        var dependencias = Read(Path.Combine(folder, "dependencias.csv"), ["codigo", "nombre"], problems);
        var colegios = Read(Path.Combine(folder, "colegios.csv"), ["codigo", "nombre", "localidad"], problems);

        var addedD = 0;
        foreach (var row in dependencias)
            addedD += await db.Database.ExecuteSqlAsync(
                $"INSERT INTO \"Dependencias\" (\"Code\", \"Name\", \"Active\") VALUES ({row[0]}, {row[1]}, {true}) ON CONFLICT (\"Code\") DO NOTHING", ct);
        var addedC = 0;
        foreach (var row in colegios)
            addedC += await db.Database.ExecuteSqlAsync(
                $"INSERT INTO \"Colegios\" (\"Code\", \"Name\", \"Localidad\", \"Active\") VALUES ({row[0]}, {row[1]}, {row[2]}, {true}) ON CONFLICT (\"Code\") DO NOTHING", ct);

        foreach (var p in problems) log.LogWarning("Catálogo: {Problem}", p);
        if (addedD + addedC > 0) log.LogInformation("Catálogos: {D} dependencias y {C} colegios nuevos.", addedD, addedC);
        return new Result(addedD, addedC, problems);
    }

    /// <summary>Valid rows (code upper-cased, fields trimmed); problems as "file:line: message".</summary>
    internal static List<string[]> Read(string path, string[] header, List<string> problems)
    {
        var rows = new List<string[]>();
        var name = Path.GetFileName(path);
        if (!File.Exists(path)) { problems.Add($"{name}: no existe."); return rows; }
        var lines = File.ReadAllLines(path, Encoding.UTF8);
        if (lines.Length == 0 || !ParseLine(lines[0]).Select(h => h.Trim().ToLowerInvariant()).SequenceEqual(header))
        {
            problems.Add($"{name}:1: el encabezado debe ser «{string.Join(',', header)}».");
            return rows;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 1; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i])) continue;
            var fields = ParseLine(lines[i]).Select(f => f.Trim()).ToArray();
            var line = i + 1;
            if (fields.Length != header.Length) { problems.Add($"{name}:{line}: tiene {fields.Length} columnas y deben ser {header.Length}."); continue; }
            fields[0] = fields[0].ToUpperInvariant();
            if (fields[0].Length is 0 or > 20 || !fields[0].All(char.IsAsciiLetterOrDigit))
            { problems.Add($"{name}:{line}: el código «{fields[0]}» debe tener de 1 a 20 letras o números ASCII."); continue; }
            if (fields[1].Length is 0 or > 200) { problems.Add($"{name}:{line}: el nombre está vacío o pasa de 200 caracteres."); continue; }
            if (header.Length > 2 && fields[2].Length > 100) { problems.Add($"{name}:{line}: la localidad pasa de 100 caracteres."); continue; }
            if (!seen.Add(fields[0])) { problems.Add($"{name}:{line}: el código {fields[0]} está repetido."); continue; }
            rows.Add(fields);
        }
        return rows;
    }

    /// <summary>One CSV line: commas separate, double quotes enclose, "" is a quote inside quotes.</summary>
    internal static List<string> ParseLine(string line)
    {
        var fields = new List<string>();
        var sb = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { sb.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else sb.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(sb.ToString()); sb.Clear(); }
            else sb.Append(c);
        }
        fields.Add(sb.ToString());
        return fields;
    }
}
