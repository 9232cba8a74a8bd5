using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.Admin;
using Scari.Web.Features.People;
using Scari.Web.Features.InPerson;

namespace Scari.Web.Features.Indicators;

/// <summary>
/// Imports population figures as of a date from a CSV: the headcount of each dependencia (codigo_dependencia,
/// planta, contratistas) or the enrolment of each colegio by grade (codigo_colegio, grado, estudiantes); the first
/// row says which. First a preview lists every row's problems; the import runs only on a file without problems,
/// in one transaction. Earlier files stay: the newest file on or before a date gives each unit's population.
/// </summary>
public sealed class PopulationImport(ScariDbContext db, AuditLog audit, TimeProvider clock)
{
    public const int MaxBytes = 2 * 1024 * 1024;
    public const int MaxPeople = 1_000_000;
    public static readonly string[] DependenciaColumns = ["codigo_dependencia", "planta", "contratistas"];
    public static readonly string[] ColegioColumns = ["codigo_colegio", "grado", "estudiantes"];

    public sealed record Row(int Line, string Code, int? UnitId, string UnitName, string? Grade, int Planta, int Contratistas, int Students, bool Valid);

    public sealed record Preview(PopulationKind? Kind, DateOnly? AsOf, string Source, IReadOnlyList<Row> Rows, IReadOnlyList<ImportProblem> Problems)
    {
        public int Total => Rows.Sum(r => r.Planta + r.Contratistas + r.Students);
    }

    public sealed record Outcome(Preview Preview, PopulationBatch? Batch, bool AlreadyImported)
    {
        public bool Imported => Preview.Problems.Count == 0;
    }

    public async Task<Preview> PreviewAsync(byte[] file, string? asOfText, string? source, CancellationToken ct)
    {
        var problems = new List<ImportProblem>();
        var rows = new List<Row>();
        DateOnly? asOf = null;
        var text = (asOfText ?? "").Trim();
        if (text.Length == 0) problems.Add(new(0, "fecha", "Falta la fecha de las cifras: escriba el día al que corresponden, por ejemplo 2026-03-31."));
        else if (!DateOnly.TryParseExact(text, ["yyyy-MM-dd", "d/M/yyyy", "dd/MM/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            problems.Add(new(0, "fecha", $"La fecha de las cifras no se entiende («{text}»): escríbala como 2026-03-31 o 31/03/2026."));
        else if (d > Bogota.Today(clock)) problems.Add(new(0, "fecha", $"La fecha de las cifras ({Bogota.FormatDate(d)}) es futura: importe cifras de un día ya ocurrido."));
        else if (d.Year < 2000) problems.Add(new(0, "fecha", $"La fecha de las cifras ({Bogota.FormatDate(d)}) es demasiado antigua: revise el año."));
        else asOf = d;
        var src = TextHygiene.Clean(source ?? "").Trim();
        if (src.Length == 0) problems.Add(new(0, "fuente", "Falta la fuente: escriba de dónde salen las cifras, por ejemplo «Talento Humano, nómina de marzo de 2026» o «SIMAT, matrícula a 31 de marzo»."));
        else if (src.Length > 200) problems.Add(new(0, "fuente", "La fuente es demasiado larga: use como máximo 200 caracteres."));

        if (file.Length == 0) { problems.Add(new(0, "", "El archivo está vacío: elija el archivo de población (CSV o Excel .xlsx).")); return new(null, asOf, src, rows, problems); }
        if (file.Length > MaxBytes) { problems.Add(new(0, "", "El archivo pesa más de 2 MB: divídalo en varios.")); return new(null, asOf, src, rows, problems); }
        // A CSV or the first sheet of an .xlsx: cells read as text, formulas refused (Spreadsheet, XlsxReader).
        var sheet = Spreadsheet.Read(file);
        if (sheet.Problems.FirstOrDefault(p => p.Row == 0) is { } unreadable) { problems.Add(new(0, "", unreadable.Message)); return new(null, asOf, src, rows, problems); }
        problems.AddRange(sheet.Problems.Select(p => new ImportProblem(p.Row, p.Column?.Trim().ToLowerInvariant() ?? "", p.Message)));
        var lines = sheet.Records;
        if (lines.Count == 0) { problems.Add(new(0, "", "El archivo no tiene filas.")); return new(null, asOf, src, rows, problems); }

        var header = lines[0].Cells.Select(h => h.Trim().ToLowerInvariant()).ToList();
        PopulationKind? kind = header.Contains("codigo_dependencia") ? PopulationKind.Dependencias
            : header.Contains("codigo_colegio") ? PopulationKind.Colegios : null;
        if (kind is null)
        {
            problems.Add(new(1, "", $"La primera fila no dice qué se importa. Para dependencias debe ser {string.Join(";", DependenciaColumns)}; para colegios, {string.Join(";", ColegioColumns)}."));
            return new(null, asOf, src, rows, problems);
        }
        var columns = kind == PopulationKind.Dependencias ? DependenciaColumns : ColegioColumns;
        var index = columns.ToDictionary(c => c, c => header.IndexOf(c));
        var missing = index.Where(kv => kv.Value < 0).Select(kv => kv.Key).ToList();
        if (missing.Count > 0)
        {
            problems.Add(new(1, string.Join(", ", missing), $"Faltan las columnas {string.Join(", ", missing)} en la primera fila. La primera fila debe ser: {string.Join(";", columns)}."));
            return new(kind, asOf, src, rows, problems);
        }

        var units = kind == PopulationKind.Dependencias
            ? await db.Dependencias.AsNoTracking().Select(d => new { d.Id, d.Code, d.Name }).ToListAsync(ct)
            : await db.Colegios.AsNoTracking().Select(c => new { c.Id, c.Code, c.Name }).ToListAsync(ct);
        var byCode = units.ToDictionary(u => u.Code.ToUpperInvariant(), u => u);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);

        for (var i = 1; i < lines.Count; i++)
        {
            var (line, cells) = lines[i];
            if (cells.All(string.IsNullOrWhiteSpace)) continue;
            string Cell(string column) => index[column] < cells.Length ? cells[index[column]].Trim() : "";
            var rowProblems = new List<ImportProblem>();
            void Problem(string column, string message) => rowProblems.Add(new(line, column, message));
            int Count(string column, string what)
            {
                var raw = Cell(column).Replace(".", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
                if (raw.Length == 0) { Problem(column, $"La fila {line} no tiene {what}: escriba un número entero (0 si no hay)."); return 0; }
                if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                { Problem(column, $"La fila {line} tiene {what} que no es un número entero («{Cell(column)}»): escriba solo dígitos, sin decimales ni signos."); return 0; }
                if (n > MaxPeople) { Problem(column, $"La fila {line} tiene {what} demasiado grande ({n}): revise la cifra."); return 0; }
                return n;
            }

            var codeColumn = columns[0];
            var code = Cell(codeColumn);
            var unit = code.Length == 0 ? null : byCode.GetValueOrDefault(code.ToUpperInvariant());
            var unitWord = kind == PopulationKind.Dependencias ? "dependencia" : "colegio";
            if (code.Length == 0) Problem(codeColumn, $"La fila {line} no tiene código de {unitWord}.");
            else if (unit is null) Problem(codeColumn, $"La fila {line}: no hay {(kind == PopulationKind.Dependencias ? "ninguna dependencia" : "ningún colegio")} con el código «{code}». Revise el código en Administración › Dependencias y colegios.");

            string? grade = null;
            int planta = 0, contratistas = 0, students = 0;
            if (kind == PopulationKind.Dependencias)
            {
                planta = Count("planta", "personas de planta");
                contratistas = Count("contratistas", "contratistas");
            }
            else
            {
                grade = NormalizeGrade(Cell("grado"));
                if (grade.Length == 0) { Problem("grado", $"La fila {line} no tiene grado: escriba, por ejemplo, Transición, 1 o 11."); grade = null; }
                else if (grade.Length > 20) { Problem("grado", $"La fila {line} tiene un grado demasiado largo: use como máximo 20 caracteres."); grade = null; }
                students = Count("estudiantes", "estudiantes");
            }

            if (unit is not null)
            {
                var key = unit.Code + "|" + (grade ?? "");
                if (seen.TryGetValue(key, out var first))
                    Problem(codeColumn, kind == PopulationKind.Dependencias
                        ? $"La fila {line} repite la dependencia «{unit.Code}» de la fila {first}: deje una sola fila por dependencia."
                        : $"La fila {line} repite el colegio «{unit.Code}» y el grado {grade} de la fila {first}: deje una sola fila por colegio y grado.");
                else seen[key] = line;
            }
            problems.AddRange(rowProblems);
            rows.Add(new Row(line, code, unit?.Id, unit?.Name ?? "", grade, planta, contratistas, students, rowProblems.Count == 0));
        }
        if (rows.Count == 0) problems.Add(new(0, "", "El archivo solo tiene la fila de títulos: no hay cifras que importar."));
        return new(kind, asOf, src, rows, [.. problems.OrderBy(p => p.Row)]);
    }

    /// <summary>«transicion», «TRANSICIÓN» and «0» are one grade; «10°» and «10» too.</summary>
    public static string NormalizeGrade(string text)
    {
        var g = text.Trim().TrimEnd('°', 'º').Trim();
        return g.ToLowerInvariant() switch
        {
            "0" or "transicion" or "transición" => "Transición",
            "jardin" or "jardín" => "Jardín",
            "prejardin" or "prejardín" => "Prejardín",
            var x when int.TryParse(x, NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n.ToString(CultureInfo.InvariantCulture),
            _ => g,
        };
    }

    /// <summary>Imports a file without problems, all or nothing. The same file with the same date and source again changes nothing.</summary>
    public async Task<Outcome> ImportAsync(byte[] file, string fileName, string? asOfText, string? source, string importedBy, CancellationToken ct)
    {
        var preview = await PreviewAsync(file, asOfText, source, ct);
        if (preview.Problems.Count > 0) return new(preview, null, false);
        var sha = CutoffFiles.Sha256(file);
        var kind = preview.Kind!.Value;
        var asOf = preview.AsOf!.Value;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var existing = await db.Set<PopulationBatch>().AsNoTracking()
            .FirstOrDefaultAsync(b => b.Kind == kind && b.AsOf == asOf && b.Sha256 == sha && b.Source == preview.Source, ct);
        if (existing is not null) return new(preview, existing, true);

        var batch = new PopulationBatch
        {
            Kind = kind, AsOf = asOf, Source = preview.Source, Sha256 = sha,
            FileName = fileName.Length > 200 ? fileName[..200] : fileName,
            ImportedUtc = clock.GetUtcNow().UtcDateTime, ImportedBy = importedBy.Length > 256 ? importedBy[..256] : importedBy,
        };
        foreach (var r in preview.Rows)
        {
            if (kind == PopulationKind.Dependencias)
            {
                batch.Figures.Add(new PopulationFigure { DependenciaId = r.UnitId, Vinculo = Vinculo.Planta, People = r.Planta });
                batch.Figures.Add(new PopulationFigure { DependenciaId = r.UnitId, Vinculo = Vinculo.Contratista, People = r.Contratistas });
            }
            else batch.Figures.Add(new PopulationFigure { ColegioId = r.UnitId, Grade = r.Grade, People = r.Students });
        }
        db.Add(batch);
        await db.SaveChangesAsync(ct);
        audit.Record("population.imported", "PopulationBatch", batch.Id,
            $"{(kind == PopulationKind.Dependencias ? "Dependencias" : "Colegios")} al {Bogota.FormatDate(asOf)} ({preview.Source}): {preview.Rows.Count} fila(s), {preview.Total} personas, SHA-256 {sha}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new(preview, batch, false);
    }
}
