using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Scari.Web.Features.Learning;
using Scari.Web.Features.People;

namespace Scari.Web.Features.Indicators;

/// <summary>One public cell: a stable key (a dependencia or colegio code, a vínculo, a course id), its label and the shown value.</summary>
public sealed record PublicCell(string Key, string Label, string Value);

/// <summary>A course row of a public report: its id, the content version counted, title and shown people.</summary>
public sealed record PublicCourse(string Id, string Version, string Title, string People);

/// <summary>A month end of the period and the official total at it (staff indicators only).</summary>
public sealed record PublicMonth(string Month, int People);

/// <summary>
/// The public figures of an indicator at a date after <see cref="Disclosure"/>: what /indicadores, the API and a
/// published file show. Never names, documents or ids of people.
/// </summary>
public sealed record PublicReport(
    string IndicatorId, string IndicatorName, Audience Audience, DateOnly Cutoff, DateOnly PeriodStart, DateOnly PeriodEnd, int Target,
    int People, string Additional, IReadOnlyList<PublicCourse> Courses,
    IReadOnlyList<PublicCell> Dependencias, IReadOnlyList<PublicCell> Vinculos, IReadOnlyList<PublicCell> Colegios,
    IReadOnlyList<PublicMonth> Months)
{
    public bool Students => Audience == Audience.Student;
    public double Percent => Target == 0 ? 0 : 100.0 * People / Target;
}

/// <summary>A frozen qualifying completion: the line of the admin-only file.</summary>
public sealed record FrozenRow(int CompletionId, int PersonId, string CourseId, DateTime CompletedUtc, CompletionSource Source,
    Audience Audience, int? DependenciaId, Vinculo? Vinculo, int? ColegioId, string? OriginNote = null);

/// <summary>
/// The two canonical files of a publication (format in docs/cortes.md): UTF-8 without BOM, LF line endings, one record
/// per line, fields separated by ";" in a fixed order, integers in plain decimal digits, dates AAAA-MM-DD, instants
/// AAAA-MM-DDTHH:MM:SSZ (UTC), text with ";", CR, LF and TAB replaced by a space and trimmed. Both end with "fin".
/// </summary>
public static class CutoffFiles
{
    public const string PublicMagic = "SCARI-CORTE;1";
    public const string PeopleMagic = "SCARI-CORTE-PERSONAS;1";

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static string Sha256(string text) => Sha256(Encoding.UTF8.GetBytes(text));

    private static string Clean(string? text) =>
        (text ?? "").Replace(';', ' ').Replace('\r', ' ').Replace('\n', ' ').Replace('\t', ' ').Trim();

    private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);
    private static string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private static string T(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string SourceText(CompletionSource s) => s switch
    {
        CompletionSource.Online => "en-linea",
        CompletionSource.InPerson => "presencial",
        CompletionSource.External => "externa",
        _ => s.ToString().ToLowerInvariant(),
    };

    /// <summary>The admin-only file: every qualifying completion, in completion-id order, with the attributes counted.</summary>
    public static byte[] PeopleFile(string indicatorId, DateOnly cutoff, IEnumerable<FrozenRow> rows)
    {
        var sb = new StringBuilder(1 << 16);
        sb.Append(PeopleMagic).Append('\n');
        sb.Append("indicador;").Append(Clean(indicatorId)).Append('\n');
        sb.Append("corte;").Append(D(cutoff)).Append('\n');
        sb.Append("finalizacion;persona;curso;fecha_utc;origen;publico;dependencia;vinculo;colegio\n");
        foreach (var r in rows.OrderBy(r => r.CompletionId))
        {
            sb.Append(I(r.CompletionId)).Append(';').Append(I(r.PersonId)).Append(';').Append(Clean(r.CourseId)).Append(';')
              .Append(T(r.CompletedUtc)).Append(';').Append(SourceText(r.Source)).Append(';')
              .Append(r.Audience == Audience.Staff ? "staff" : "student").Append(';')
              .Append(r.DependenciaId is { } d ? I(d) : "").Append(';')
              .Append(r.Vinculo switch { Vinculo.Planta => "planta", Vinculo.Contratista => "contratista", _ => "" }).Append(';')
              .Append(r.ColegioId is { } c ? I(c) : "").Append('\n');
        }
        sb.Append("fin\n");
        return new UTF8Encoding(false).GetBytes(sb.ToString());
    }

    /// <summary>Reads the admin-only file back (for drift and the evidence pack); throws FormatException on anything else.</summary>
    public static List<FrozenRow> ReadPeopleFile(byte[] bytes)
    {
        var lines = Encoding.UTF8.GetString(bytes).Split('\n');
        if (lines.Length < 5 || lines[0] != PeopleMagic) throw new FormatException("no es un archivo de personas de un corte de SCARI");
        var rows = new List<FrozenRow>();
        for (var i = 4; i < lines.Length && lines[i] != "fin"; i++)
        {
            var f = lines[i].Split(';');
            if (f.Length != 9) throw new FormatException($"línea {i + 1}: se esperaban 9 campos");
            rows.Add(new FrozenRow(
                int.Parse(f[0], CultureInfo.InvariantCulture), int.Parse(f[1], CultureInfo.InvariantCulture), f[2],
                DateTime.ParseExact(f[3], "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
                f[4] switch { "presencial" => CompletionSource.InPerson, "externa" => CompletionSource.External, _ => CompletionSource.Online },
                f[5] == "student" ? Audience.Student : Audience.Staff,
                f[6].Length == 0 ? null : int.Parse(f[6], CultureInfo.InvariantCulture),
                f[7] switch { "planta" => Vinculo.Planta, "contratista" => Vinculo.Contratista, _ => null },
                f[8].Length == 0 ? null : int.Parse(f[8], CultureInfo.InvariantCulture)));
        }
        return rows;
    }

    public static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gz = new GZipStream(output, CompressionLevel.Fastest)) gz.Write(bytes);
        return output.ToArray();
    }

    public static byte[] Gunzip(byte[] bytes)
    {
        using var input = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>The public file: the report's figures, the rule's version, the hash of the admin-only file and of the publication it supersedes.</summary>
    public static string PublicFile(PublicReport r, DateTime publishedUtc, string peopleSha256, string? supersedesSha256)
    {
        var sb = new StringBuilder();
        void Line(params string[] fields) => sb.Append(string.Join(';', fields)).Append('\n');
        sb.Append(PublicMagic).Append('\n');
        Line("indicador", Clean(r.IndicatorId));
        Line("nombre", Clean(r.IndicatorName));
        Line("publico", r.Students ? "student" : "staff");
        Line("corte", D(r.Cutoff));
        Line("periodo", D(r.PeriodStart), D(r.PeriodEnd));
        Line("meta", I(r.Target));
        Line("regla", Disclosure.RuleVersion);
        Line("publicado_utc", T(publishedUtc));
        Line("sustituye_sha256", supersedesSha256 ?? "");
        Line("personas_sha256", peopleSha256);
        Line("total_personas", I(r.People));
        Line("participaciones_adicionales", r.Additional);
        foreach (var c in r.Courses) Line("curso", Clean(c.Id), Clean(c.Version), Clean(c.Title), c.People);
        foreach (var c in r.Dependencias) Line("dependencia", Clean(c.Key), Clean(c.Label), c.Value);
        foreach (var c in r.Vinculos) Line("vinculo", Clean(c.Key), Clean(c.Label), c.Value);
        foreach (var c in r.Colegios) Line("colegio", Clean(c.Key), Clean(c.Label), c.Value);
        foreach (var m in r.Months) Line("mes", m.Month, I(m.People));
        sb.Append("fin\n");
        return sb.ToString();
    }

    /// <summary>A parsed public file: the report and the header fields that are not figures.</summary>
    public sealed record ParsedPublic(PublicReport Report, DateTime PublishedUtc, string RuleVersion, string PeopleSha256, string? SupersedesSha256);

    public static ParsedPublic ReadPublicFile(string text)
    {
        var lines = text.Split('\n');
        if (lines.Length < 2 || lines[0] != PublicMagic) throw new FormatException("no es un archivo público de un corte de SCARI (primera línea «SCARI-CORTE;1»)");
        if (!text.EndsWith("fin\n", StringComparison.Ordinal)) throw new FormatException("el archivo está incompleto: falta la línea «fin»");
        var one = new Dictionary<string, string[]>();
        var courses = new List<PublicCourse>();
        List<PublicCell> deps = [], vins = [], cols = [];
        var months = new List<PublicMonth>();
        for (var i = 1; i < lines.Length && lines[i] != "fin"; i++)
        {
            var f = lines[i].Split(';');
            switch (f[0])
            {
                case "curso" when f.Length == 5: courses.Add(new(f[1], f[2], f[3], f[4])); break;
                case "dependencia" when f.Length == 4: deps.Add(new(f[1], f[2], f[3])); break;
                case "vinculo" when f.Length == 4: vins.Add(new(f[1], f[2], f[3])); break;
                case "colegio" when f.Length == 4: cols.Add(new(f[1], f[2], f[3])); break;
                case "mes" when f.Length == 3: months.Add(new(f[1], int.Parse(f[2], CultureInfo.InvariantCulture))); break;
                default: one[f[0]] = f[1..]; break;
            }
        }
        string Field(string name) => one.TryGetValue(name, out var v) && v.Length > 0 ? v[0] : throw new FormatException($"falta el campo «{name}»");
        DateOnly Date(string s) => DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var report = new PublicReport(Field("indicador"), Field("nombre"), Field("publico") == "student" ? Audience.Student : Audience.Staff,
            Date(Field("corte")), Date(one["periodo"][0]), Date(one["periodo"][1]), int.Parse(Field("meta"), CultureInfo.InvariantCulture),
            int.Parse(Field("total_personas"), CultureInfo.InvariantCulture), Field("participaciones_adicionales"),
            courses, deps, vins, cols, months);
        var sup = Field("sustituye_sha256");
        return new ParsedPublic(report,
            DateTime.ParseExact(Field("publicado_utc"), "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
            Field("regla"), Field("personas_sha256"), sup.Length == 0 ? null : sup);
    }
}
