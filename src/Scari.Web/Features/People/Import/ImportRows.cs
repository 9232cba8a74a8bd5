using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;

// Over 300 lines: one check per column of a people file (document, names, audience, unit, vínculo, grade, birth date,
// guardian), each with its Spanish row-and-column message, and the unknown unit names gathered once with their near
// matches; split further, the rules of one row would scatter across files.
namespace Scari.Web.Features.People.Import;

/// <summary>
/// The first steps of an import's plan: the catalogue lookups, loaded once, and every row read and checked against
/// them with the rules of the forms, one problem per wrong cell (row and column). What the database already knows
/// about each person is the next step (<see cref="PeopleImport"/>).
/// </summary>
internal sealed class ImportRows
{
    private readonly PeopleScope _scope;
    private readonly DateOnly _today;
    private readonly List<ImportProblem> _problems;
    private readonly Dictionary<string, int> _columns;
    private readonly Dictionary<string, (int Id, string Name)> _colegios = [];
    private readonly Dictionary<string, (int Id, string Name)> _dependencias = [];
    private readonly Dictionary<CatalogueKind, List<(int Id, string Code, string Name)>> _entries = new() { [CatalogueKind.Dependencia] = [], [CatalogueKind.Colegio] = [] };
    // Names an administrator mapped in an earlier preview, by kind and simplified name.
    private readonly Dictionary<(CatalogueKind, string), (int Id, string Code, string Name)> _aliases = [];
    // Names neither the catalogue nor an alias knows, with their rows: listed once each, not once per row.
    private readonly Dictionary<(CatalogueKind, string), (string Text, List<int> Rows)> _missing = [];
    private readonly Dictionary<(CatalogueKind, string), (string Text, string Code, string Name, int Rows)> _applied = [];
    private Dictionary<string, ImportCourse> _courses = [];
    private Dictionary<string, (int Id, string Name, string CourseId, int? ColegioId, int? DependenciaId)> _cohorts = [];
    // The same few values (publico, vínculo, units, relationships) repeat on every row: simplified once each.
    private readonly Dictionary<string, string> _simplified = [];

    private ImportRows(CsvTable table, PeopleScope scope, DateOnly today, List<ImportProblem> problems)
    {
        _scope = scope;
        _today = today;
        _problems = problems;
        _columns = table.Columns.Select((c, i) => (c, i)).Where(x => x.c.Length > 0).ToDictionary(x => x.c, x => x.i);
    }

    /// <summary>The rows read, the dependencias and colegios no one knows (a row naming one is not ready), and the remembered names used.</summary>
    public sealed record Result(List<ImportRow> Rows, List<MissingUnit> Missing, List<AppliedAlias> Applied);

    /// <summary>Every row of the table, checked; problems are added to <paramref name="problems"/>.</summary>
    public static async Task<Result> ReadAsync(ScariDbContext db, CsvTable table, PeopleScope scope, DateOnly today, List<ImportProblem> problems, CancellationToken ct)
    {
        var reader = new ImportRows(table, scope, today, problems);
        await reader.LoadLookupsAsync(db, ct);
        var rows = new List<ImportRow>(table.Rows.Count);
        var firstRowOf = new Dictionary<(DocumentType, string), int>();
        foreach (var (number, cells) in table.Rows) rows.Add(reader.Read(number, cells, firstRowOf));
        var missing = reader._missing.Select(m => new MissingUnit(m.Key.Item1, m.Value.Text, m.Value.Rows,
                UnitMatch.Candidates(m.Value.Text, reader._entries[m.Key.Item1])))
            .OrderBy(m => m.Kind).ThenByDescending(m => m.Rows.Count).ThenBy(m => m.Text, StringComparer.Ordinal).ToList();
        var applied = reader._applied.Select(a => new AppliedAlias(a.Key.Item1, a.Value.Text, a.Value.Code, a.Value.Name, a.Value.Rows))
            .OrderBy(a => a.Kind).ThenBy(a => a.Text, StringComparer.Ordinal).ToList();
        return new(rows, missing, applied);
    }

    /// <summary>A name not in the catalogue: an alias an administrator chose before, or a missing name (its row is noted).</summary>
    private (int Id, string Name)? Unit(CatalogueKind kind, string text, int row)
    {
        var key = Simple(text);
        if (_aliases.TryGetValue((kind, key), out var alias))
        {
            _applied[(kind, key)] = _applied.TryGetValue((kind, key), out var a) ? a with { Rows = a.Rows + 1 } : (text, alias.Code, alias.Name, 1);
            return (alias.Id, alias.Name);
        }
        if (!_missing.TryGetValue((kind, key), out var missing)) _missing[(kind, key)] = missing = (text, []);
        missing.Rows.Add(row);
        return null;
    }

    private async Task LoadLookupsAsync(ScariDbContext db, CancellationToken ct)
    {
        foreach (var c in await db.Colegios.AsNoTracking().Where(c => c.Active).Select(c => new { c.Id, c.Code, c.Name }).ToListAsync(ct))
        {
            _entries[CatalogueKind.Colegio].Add((c.Id, c.Code, c.Name));
            _colegios.TryAdd(ImportFile.Simplify(c.Code), (c.Id, c.Name));
            _colegios.TryAdd(ImportFile.Simplify(c.Name), (c.Id, c.Name));
        }
        foreach (var d in await db.Dependencias.AsNoTracking().Where(d => d.Active).Select(d => new { d.Id, d.Code, d.Name }).ToListAsync(ct))
        {
            _entries[CatalogueKind.Dependencia].Add((d.Id, d.Code, d.Name));
            _dependencias.TryAdd(ImportFile.Simplify(d.Code), (d.Id, d.Name));
            _dependencias.TryAdd(ImportFile.Simplify(d.Name), (d.Id, d.Name));
        }
        foreach (var a in await db.Set<UnitAlias>().AsNoTracking().Select(a => new { a.Kind, a.Key, a.UnitId }).ToListAsync(ct))
        {
            var entry = _entries[a.Kind].FirstOrDefault(e => e.Id == a.UnitId);
            if (entry.Id != 0) _aliases[(a.Kind, a.Key)] = entry; // a deactivated entry is not applied
        }
        _courses = (await db.CourseVersions.AsNoTracking().Where(v => v.IsCurrent).Select(v => new { v.Id, v.CourseId, v.Audience }).ToListAsync(ct))
            .ToDictionary(v => v.CourseId, v => new ImportCourse(v.Id, v.CourseId, v.Audience), StringComparer.OrdinalIgnoreCase);
        _cohorts = (await db.Cohorts.AsNoTracking().Select(c => new { c.Id, c.Name, c.CourseId, c.ColegioId, c.DependenciaId }).ToListAsync(ct))
            .GroupBy(c => ImportFile.Simplify(c.Name)).ToDictionary(g => g.Key, g => { var c = g.First(); return (c.Id, c.Name, c.CourseId, c.ColegioId, c.DependenciaId); });
    }

    private string Simple(string text)
    {
        if (!_simplified.TryGetValue(text, out var key)) _simplified[text] = key = ImportFile.Simplify(text);
        return key;
    }

    /// <summary>The cells of one row and the columns already found wrong in it (each reported once).</summary>
    private sealed class Cells(ImportRows reader, int row, string[] cells)
    {
        public HashSet<string> Bad { get; } = [];
        public string this[string name] => reader._columns.TryGetValue(name, out var i) && i < cells.Length ? cells[i].Trim() : "";
        public void Problem(string column, string message)
        {
            reader._problems.Add(new(row, column, message));
            Bad.Add(column);
        }
        public bool Ok(string column) => !Bad.Contains(column);
    }

    private ImportRow Read(int number, string[] raw, Dictionary<(DocumentType, string), int> firstRowOf)
    {
        var cells = new Cells(this, number, raw);
        RefuseFormulasAndBadText(raw, cells);
        var row = new ImportRow { Number = number };
        ReadIdentity(row, cells);
        var audience = ReadAudience(row, cells);
        if (audience == Audience.Staff) ReadStaff(row, cells);
        else if (audience == Audience.Student) ReadStudent(row, cells);
        ReadDocument(row, cells, audience, firstRowOf);
        ReadEnrollment(row, cells, audience);
        ReadValidFrom(row, cells);
        return row;
    }

    private void RefuseFormulasAndBadText(string[] raw, Cells cells)
    {
        foreach (var (name, index) in _columns)
        {
            if (index >= raw.Length) continue;
            var value = raw[index].Trim();
            if (value.Length == 0) continue;
            if (value[0] is '=' or '+' or '-' or '@' || raw[index].Length > 0 && raw[index][0] is '\t' or '\r')
                cells.Problem(name, $"empieza con «{value[0]}», como una fórmula de hoja de cálculo: por seguridad no se importa. Quite ese signo del inicio.");
            else if (ImportFile.EncodingProblem(value) is { } encoding)
                cells.Problem(name, $"El valor {encoding}");
        }
    }

    /// <summary>
    /// The document type and number. An empty type is TI for a student under 18 (the document a minor holds in
    /// Colombia), read once the row's audience and birth date are known; for anyone else it must be written.
    /// </summary>
    private void ReadDocument(ImportRow row, Cells cells, Audience? audience, Dictionary<(DocumentType, string), int> firstRowOf)
    {
        if (cells.Ok("tipo_documento"))
        {
            var typed = cells["tipo_documento"];
            if (typed.Length == 0 && audience == Audience.Student && row.BirthDate is { } birth && PersonRules.IsMinor(birth, _today))
                row.DocumentType = DocumentType.TI;
            else if (typed.Length == 0)
                cells.Problem("tipo_documento", "Falta el tipo de documento: escriba CC, TI, CE, PPT, PEP, PA o RC (si lo deja vacío, un estudiante menor de 18 años queda con TI).");
            else if (DocumentRules.ParseType(typed.Replace(".", "").Replace(" ", "")) is { } type) row.DocumentType = type; // "C.C." too
            else cells.Problem("tipo_documento", $"El tipo de documento «{typed}» no se reconoce: use CC, TI, CE, PPT, PEP, PA o RC.");
        }
        if (cells.Ok("tipo_documento") && cells.Ok("numero_documento"))
        {
            if (DocumentRules.Validate(row.DocumentType, cells["numero_documento"]) is { } docError) cells.Problem("numero_documento", docError);
            else
            {
                row.DocumentNumber = DocumentRules.Normalize(cells["numero_documento"]);
                if (firstRowOf.TryGetValue((row.DocumentType, row.DocumentNumber), out var first))
                    cells.Problem("numero_documento", $"El documento {row.DocumentType} {row.DocumentNumber} ya aparece en la fila {first}: deje una sola fila por persona.");
                else firstRowOf[(row.DocumentType, row.DocumentNumber)] = row.Number;
            }
        }
    }

    private static void ReadIdentity(ImportRow row, Cells cells)
    {
        if (cells.Ok("nombres"))
        {
            if (PersonRules.ValidateName(cells["nombres"], "nombres") is { } e) cells.Problem("nombres", e);
            else row.GivenNames = PersonRules.CleanName(cells["nombres"]);
        }
        if (cells.Ok("apellidos"))
        {
            if (PersonRules.ValidateName(cells["apellidos"], "apellidos") is { } e) cells.Problem("apellidos", e);
            else row.FamilyNames = PersonRules.CleanName(cells["apellidos"]);
        }
    }

    private Audience? ReadAudience(ImportRow row, Cells cells)
    {
        Audience? audience = Simple(cells["publico"]) switch
        {
            "servidor" or "servidor publico" or "servidora" or "servidora publica" or "funcionario" or "funcionaria" => Audience.Staff,
            "estudiante" => Audience.Student,
            _ => null,
        };
        if (cells.Ok("publico") && audience is null)
            cells.Problem("publico", $"El público «{cells["publico"]}» no se reconoce: escriba «servidor» o «estudiante».");
        row.Audience = audience ?? Audience.Staff;
        return audience;
    }

    private void ReadStaff(ImportRow row, Cells cells)
    {
        var dep = cells["dependencia"];
        if (cells.Ok("dependencia"))
        {
            if (dep.Length == 0) cells.Problem("dependencia", "Escriba el código o el nombre de la dependencia.");
            else if ((_dependencias.TryGetValue(Simple(dep), out var found) ? found : Unit(CatalogueKind.Dependencia, dep, row.Number)) is not { } d)
                cells.Bad.Add("dependencia"); // listed once with its rows, to map or create in the preview
            else if (!_scope.Everyone && _scope.DependenciaId != d.Id)
                cells.Problem("dependencia", _scope.DependenciaId is null
                    ? "Su cuenta coordina un colegio: solo puede importar estudiantes de ese colegio."
                    : "Solo puede importar servidores de la dependencia que usted coordina.");
            else row.DependenciaId = d.Id;
        }
        if (cells.Ok("vinculo"))
        {
            var vinculo = Simple(cells["vinculo"]);
            if (vinculo == "planta") row.Vinculo = Vinculo.Planta;
            else if (vinculo == "contratista") row.Vinculo = Vinculo.Contratista;
            else cells.Problem("vinculo", $"El vínculo «{cells["vinculo"]}» no se reconoce: escriba «planta» o «contratista».");
        }
        if (cells.Ok("cargo"))
        {
            if (PersonRules.ValidateCargo(cells["cargo"]) is { } e) cells.Problem("cargo", e);
            else row.Cargo = cells["cargo"];
        }
        if (cells.Ok("correo"))
        {
            if (PersonRules.ValidateEmail(cells["correo"], required: false) is { } e) cells.Problem("correo", e);
            else row.Email = PersonRules.NormalizeEmail(cells["correo"]) is { Length: > 0 } m ? m : null;
        }
    }

    /// <summary>Students: only what the program needs. Their e-mail, if the file has one, is not stored.</summary>
    private void ReadStudent(ImportRow row, Cells cells)
    {
        var colegio = cells["colegio"];
        if (cells.Ok("colegio"))
        {
            if (colegio.Length == 0) cells.Problem("colegio", "Escriba el código o el nombre del colegio.");
            else if ((_colegios.TryGetValue(Simple(colegio), out var found) ? found : Unit(CatalogueKind.Colegio, colegio, row.Number)) is not { } c)
                cells.Bad.Add("colegio"); // listed once with its rows, to map or create in the preview
            else if (!_scope.Everyone && _scope.ColegioId != c.Id)
                cells.Problem("colegio", _scope.ColegioId is null
                    ? "Su cuenta coordina una dependencia: solo puede importar servidores de esa dependencia."
                    : "Solo puede importar estudiantes del colegio que usted coordina.");
            else row.ColegioId = c.Id;
        }
        if (cells.Ok("grado"))
        {
            if (PersonRules.ValidateGrade(cells["grado"]) is { } e) cells.Problem("grado", e);
            else row.Grade = PersonRules.NormalizeGrade(cells["grado"]);
        }
        if (cells.Ok("fecha_nacimiento"))
        {
            var text = cells["fecha_nacimiento"];
            var birth = ParseDate(text);
            if (text.Length > 0 && birth is null)
                cells.Problem("fecha_nacimiento", $"La fecha «{text}» no es válida: escríbala como AAAA-MM-DD (2010-03-25) o DD/MM/AAAA (25/03/2010).");
            else if (PersonRules.ValidateBirthDate(birth, _today) is { } e) cells.Problem("fecha_nacimiento", e);
            else row.BirthDate = birth;
        }
        if (GuardianConsentRule.Required(Audience.Student, row.BirthDate, _today)) ReadGuardian(row, cells);
    }

    private static readonly Dictionary<GuardianConsentRule.Field, string> GuardianColumns = new()
    {
        [GuardianConsentRule.Field.Name] = "acudiente_nombre", [GuardianConsentRule.Field.Relationship] = "acudiente_parentesco",
        [GuardianConsentRule.Field.Document] = "acudiente_documento", [GuardianConsentRule.Field.Method] = "autorizacion_forma",
        [GuardianConsentRule.Field.Date] = "autorizacion_fecha",
    };

    /// <summary>The guardian columns of a minor's row, checked by <see cref="GuardianConsentRule"/>; nothing when all are empty.</summary>
    private void ReadGuardian(ImportRow row, Cells cells)
    {
        var dateText = cells["autorizacion_fecha"];
        var input = new GuardianConsentRule.Input(cells["acudiente_nombre"], cells["acudiente_parentesco"], cells["acudiente_documento"],
            cells["autorizacion_forma"], ParseDate(dateText), dateText.Length > 0);
        if (!GuardianConsentRule.AnyGiven(input)) return;
        row.GuardianReported = true;
        var (consent, problems) = GuardianConsentRule.Check(input, _today);
        foreach (var (field, message) in problems)
            if (cells.Ok(GuardianColumns[field])) cells.Problem(GuardianColumns[field], message);
        row.Guardian = consent;
    }

    /// <summary>An optional course or cohort (a cohort names its course; both must agree and be of the row's audience and scope).</summary>
    private void ReadEnrollment(ImportRow row, Cells cells, Audience? audience)
    {
        var courseText = cells["curso"];
        var cohortText = cells["cohorte"];
        if (cohortText.Length > 0 && cells.Ok("cohorte"))
        {
            if (!_cohorts.TryGetValue(Simple(cohortText), out var cohort))
                cells.Problem("cohorte", $"El grupo «{cohortText}» no existe: créelo antes en Grupos o deje la celda vacía.");
            else if (courseText.Length > 0 && !courseText.Equals(cohort.CourseId, StringComparison.OrdinalIgnoreCase))
                cells.Problem("cohorte", $"El grupo «{cohortText}» es del curso «{cohort.CourseId}», no de «{courseText}».");
            else if (!_scope.Everyone && !(cohort.ColegioId is not null && cohort.ColegioId == _scope.ColegioId || cohort.DependenciaId is not null && cohort.DependenciaId == _scope.DependenciaId))
                cells.Problem("cohorte", $"El grupo «{cohortText}» no es de su colegio o dependencia.");
            else
            {
                row.CohortId = cohort.Id;
                courseText = cohort.CourseId;
            }
        }
        if (courseText.Length > 0 && cells.Ok("curso") && cells.Ok("cohorte"))
        {
            if (!_courses.TryGetValue(courseText, out var course))
                cells.Problem(cohortText.Length > 0 ? "cohorte" : "curso", $"El curso «{courseText}» no existe o no está publicado: escriba el identificador del curso, como aparece en su dirección (/cursos/…).");
            else if (course.Audience is { } a && audience is not null && a != audience)
                cells.Problem("curso", $"El curso «{course.CourseId}» es para {(a == Audience.Staff ? "servidores públicos" : "estudiantes")}; esta fila es de {(audience == Audience.Staff ? "un servidor público" : "un estudiante")}.");
            else row.Course = course;
        }
    }

    /// <summary>An optional date from which the row's values hold (history from before SCARI).</summary>
    private void ReadValidFrom(ImportRow row, Cells cells)
    {
        if (!cells.Ok("vigente_desde") || cells["vigente_desde"] is not { Length: > 0 } fromText) return;
        if (ParseDate(fromText) is not { } validFrom)
            cells.Problem("vigente_desde", $"La fecha «{fromText}» no es válida: escríbala como AAAA-MM-DD (2024-02-01) o DD/MM/AAAA (01/02/2024).");
        else if (validFrom > _today) cells.Problem("vigente_desde", "La fecha desde la que valen estos datos no puede ser posterior a hoy.");
        else row.ValidFrom = validFrom;
    }

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "dd/MM/yyyy", "d/M/yyyy", "dd-MM-yyyy", "d-M-yyyy", "yyyy/MM/dd"];

    public static DateOnly? ParseDate(string text) =>
        DateOnly.TryParseExact(text.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
}
