using System.Globalization;
using System.Text;

namespace Scari.Web.Features.Indicators;

/// <summary>
/// <c>report verify FILE [PEOPLE-FILE]</c>: checks a published cut-off offline, without a database. Prints the
/// publication's SHA-256 (of FILE); with the admin-only PEOPLE-FILE, checks that its SHA-256 is the one FILE carries and
/// that the distinct people and per-course rows it lists are the totals FILE publishes. Exit 0 when everything
/// agrees, 1 when something does not (with the reason), 2 for a usage error.
/// </summary>
public static class ReportCommand
{
    private const string Usage = "Uso: report verify ARCHIVO-PUBLICO [ARCHIVO-DE-PERSONAS]";

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (args is not ["verify", var file, .. var rest] || rest.Length > 1)
        {
            error.WriteLine(Usage);
            return 2;
        }
        foreach (var f in args[1..])
            if (!File.Exists(f)) { error.WriteLine($"No se encontró el archivo «{f}»."); return 2; }

        var bytes = File.ReadAllBytes(file);
        CutoffFiles.ParsedPublic parsed;
        try
        {
            if (bytes.AsSpan().IndexOf((byte)'\r') >= 0) throw new FormatException("tiene finales de línea CR LF; el archivo canónico usa solo LF (¿lo abrió y guardó un editor?)");
            parsed = CutoffFiles.ReadPublicFile(new UTF8Encoding(false, true).GetString(bytes));
        }
        catch (Exception ex) when (ex is FormatException or DecoderFallbackException or KeyNotFoundException or IndexOutOfRangeException)
        {
            error.WriteLine($"El archivo público no es válido: {ex.Message}");
            return 1;
        }
        var r = parsed.Report;
        output.WriteLine($"Corte {r.IndicatorId} al {r.Cutoff:yyyy-MM-dd}: {r.People} personas (regla {parsed.RuleVersion}).");
        output.WriteLine($"SHA-256 de la publicación: {CutoffFiles.Sha256(bytes)}");
        output.WriteLine("Compárelo con la huella que muestra /indicadores/cortes/{n.º} o con la que le entregaron.");
        if (rest.Length == 0) return 0;

        var people = File.ReadAllBytes(rest[0]);
        var peopleSha = CutoffFiles.Sha256(people);
        if (peopleSha != parsed.PeopleSha256)
        {
            error.WriteLine($"El archivo de personas NO corresponde: su SHA-256 es {peopleSha} y el archivo público dice {parsed.PeopleSha256}.");
            return 1;
        }
        List<FrozenRow> rows;
        try { rows = CutoffFiles.ReadPeopleFile(people); }
        catch (FormatException ex) { error.WriteLine($"El archivo de personas no es válido: {ex.Message}"); return 1; }

        var problems = new List<string>();
        var distinct = rows.Select(x => x.PersonId).Distinct().Count();
        if (distinct != r.People) problems.Add($"el archivo de personas tiene {distinct} personas distintas y el público publica {r.People}");
        foreach (var c in r.Courses)
        {
            var n = rows.Where(x => x.CourseId == c.Id).Select(x => x.PersonId).Distinct().Count();
            if (!Shows(c.People, n, r.Students)) problems.Add($"el curso «{c.Id}» tiene {n} personas y el público muestra «{c.People}»");
        }
        if (problems.Count > 0)
        {
            foreach (var p in problems) error.WriteLine($"No coincide: {p}.");
            return 1;
        }
        output.WriteLine($"Archivo de personas correcto: SHA-256 {peopleSha}, {rows.Count} finalizaciones de {distinct} personas, las mismas cifras por curso.");
        return 0;
    }

    /// <summary>Whether a shown cell is consistent with the exact count (reserved cells hide anything).</summary>
    private static bool Shows(string shown, int exact, bool students) =>
        shown == Disclosure.Reserved || shown == Disclosure.Show(exact, students)
        || (shown == exact.ToString(CultureInfo.InvariantCulture) && !students);
}
