using System.Globalization;
using System.Text;

namespace Scari.Web.Features.People.Import;

/// <summary>A problem of the file or of one cell. Row is the spreadsheet's row number (the header is row 1).</summary>
public sealed record ImportProblem(int Row, string? Column, string Message)
{
    public override string ToString() =>
        Row == 0 ? Message : Column is null ? $"Fila {Row}: {Message}" : $"Fila {Row}, columna «{Column}»: {Message}";
}

/// <summary>The decoded CSV or Excel sheet (EncodingName says which; Delimiter is '\0' for Excel): the header's canonical column names and the data rows, each with its spreadsheet row number.</summary>
public sealed record CsvTable(string EncodingName, char Delimiter, IReadOnlyList<string> Columns, IReadOnlyList<(int Row, string[] Cells)> Rows);

/// <summary>
/// Reads the people CSV (decoded and split by <see cref="Spreadsheet"/>): its columns, their aliases and the
/// problems of the header.
/// </summary>
public static class ImportFile
{
    public static readonly IReadOnlyList<string> KnownColumns =
    [
        "tipo_documento", "numero_documento", "nombres", "apellidos", "correo", "publico",
        "dependencia", "vinculo", "cargo", "colegio", "grado", "fecha_nacimiento", "curso", "cohorte",
        "acudiente_nombre", "acudiente_parentesco", "acudiente_documento", "autorizacion_forma", "autorizacion_fecha",
        "vigente_desde",
    ];

    public static readonly IReadOnlyList<string> RequiredColumns = ["tipo_documento", "numero_documento", "nombres", "apellidos", "publico"];

    private static readonly Dictionary<string, string> Aliases = new()
    {
        ["tipo"] = "tipo_documento", ["tipo_de_documento"] = "tipo_documento",
        ["documento"] = "numero_documento", ["numero"] = "numero_documento", ["numero_de_documento"] = "numero_documento",
        ["correo_electronico"] = "correo", ["email"] = "correo",
        ["fecha_de_nacimiento"] = "fecha_nacimiento", ["publico_objetivo"] = "publico", ["grupo"] = "cohorte",
    };

    public static (CsvTable? Table, List<ImportProblem> Problems) Read(byte[] bytes)
    {
        var problems = new List<ImportProblem>();
        if (bytes.Length == 0)
        {
            problems.Add(new(0, null, "El archivo está vacío."));
            return (null, problems);
        }
        var sheet = Spreadsheet.Read(bytes);
        if (sheet.Problems.Any(p => p.Row == 0))
        {
            problems.AddRange(sheet.Problems.Where(p => p.Row == 0).Select(p => new ImportProblem(0, null, p.Message)));
            return (null, problems);
        }
        problems.AddRange(sheet.Problems.Select(p => new ImportProblem(p.Row, p.Column is null ? null : CanonicalColumn(p.Column), p.Message)));
        var (encodingName, delimiter, records) = (sheet.Format, sheet.Delimiter, sheet.Records);
        while (records.Count > 0 && records[^1].Cells.All(string.IsNullOrWhiteSpace)) records.RemoveAt(records.Count - 1);
        if (records.Count == 0)
        {
            problems.Add(new(0, null, "El archivo está vacío."));
            return (null, problems);
        }

        var header = records[0].Cells.Select(CanonicalColumn).ToArray();
        for (var i = 0; i < header.Length; i++)
        {
            if (header[i].Length == 0) continue;
            if (!KnownColumns.Contains(header[i]))
                problems.Add(new(1, records[0].Cells[i].Trim(), $"La columna «{records[0].Cells[i].Trim()}» no se reconoce. Use los nombres de la plantilla: {string.Join(", ", KnownColumns)}."));
            else if (Array.IndexOf(header, header[i]) != i)
                problems.Add(new(1, header[i], $"La columna «{header[i]}» aparece dos veces."));
        }
        foreach (var required in RequiredColumns.Where(r => !header.Contains(r)))
            problems.Add(new(1, required, $"Falta la columna «{required}». La primera fila debe tener los nombres de las columnas (separados por «;» o «,»)."));

        var rows = records.Skip(1).Where(r => !r.Cells.All(string.IsNullOrWhiteSpace)).ToList();
        if (rows.Count == 0 && problems.Count == 0) problems.Add(new(0, null, "El archivo solo tiene la fila de títulos: no hay personas para importar."));
        return (new CsvTable(encodingName, delimiter, header, rows), problems);
    }

    /// <summary>"Número de documento" → "numero_de_documento" → the canonical name.</summary>
    public static string CanonicalColumn(string name)
    {
        var key = Simplify(name).Replace(' ', '_').Replace('-', '_');
        return Aliases.TryGetValue(key, out var canonical) ? canonical : key;
    }

    /// <summary>Lower case, no accents, single spaces: for matching names of colegios and dependencias.</summary>
    public static string Simplify(string? text)
    {
        var decomposed = (text ?? "").Trim().ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) sb.Append(c);
        return string.Join(' ', sb.ToString().Normalize(NormalizationForm.FormC).Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    // The second byte of a two-byte UTF-8 letter (0x80-0xBF) as Windows-1252 shows it.
    private const string Windows1252Specials = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ";

    private static bool IsMojibakeTail(char c) => c is >= '\u0080' and <= '\u00BF' || Windows1252Specials.Contains(c);

    /// <summary>Text that was UTF-8 but got read as ANSI somewhere on the way ("JosÃ©"), or bytes no encoding explains.</summary>
    public static string? EncodingProblem(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\uFFFD' || (c >= '\u0080' && c <= '\u009F'))
                return "tiene caracteres que no se pueden leer: guarde el archivo como «CSV UTF-8 (delimitado por comas)» y súbalo de nuevo.";
            if (c is 'Ã' or 'Â' && i + 1 < value.Length && IsMojibakeTail(value[i + 1]))
                return $"tiene texto mal codificado («{value.Substring(i, 2)}» en «{value}»): el archivo se guardó con otra codificación. Guárdelo como «CSV UTF-8 (delimitado por comas)» y súbalo de nuevo.";
        }
        return null;
    }
}
