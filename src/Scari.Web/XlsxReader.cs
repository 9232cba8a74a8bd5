using System.Globalization;
using System.IO.Compression;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Scari.Web;

/// <summary>
/// The first sheet of an .xlsx workbook as rows of text (DocumentFormat.OpenXml, read as a stream of rows). Cell
/// values are read, formulas never evaluated: a formula cell is a problem of its row. Numbers become text exactly:
/// a whole number of up to 15 digits is its digits (a document number typed as a number), a date-formatted cell its
/// ISO date; a fraction or more than 15 digits (which Excel has already rounded) is a problem that says so. The
/// package is checked before it is opened, so a zip bomb costs little: at most <see cref="MaxEntries"/> parts,
/// <see cref="MaxUncompressedBytes"/> once decompressed (counted while decompressing, not trusted from the headers),
/// and at most <see cref="MaxRows"/> rows and <see cref="MaxCells"/> cells.
/// </summary>
public static class XlsxReader
{
    public const long MaxUncompressedBytes = 64L * 1024 * 1024;
    public const int MaxEntries = 500;
    public const int MaxRows = 100_000;
    public const int MaxCells = 3_000_000;
    private const int MaxColumns = 200;

    public static Spreadsheet.Sheet Read(byte[] bytes)
    {
        var problems = new List<Spreadsheet.SheetProblem>();
        var records = new List<(int Row, string[] Cells)>();
        var result = new Spreadsheet.Sheet("Excel (.xlsx)", '\0', records, problems);
        if (PackageProblem(bytes) is { } refused)
        {
            problems.Add(new(0, null, refused));
            return result;
        }
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            using var document = SpreadsheetDocument.Open(stream, false, new OpenSettings { MaxCharactersInPart = MaxUncompressedBytes });
            var workbook = document.WorkbookPart;
            var first = workbook?.Workbook.Sheets?.Elements<Sheet>().FirstOrDefault();
            if (workbook is null || first?.Id?.Value is not { } id || workbook.GetPartById(id) is not WorksheetPart worksheet)
            {
                problems.Add(new(0, null, "El libro de Excel no tiene hojas: la primera hoja debe tener los nombres de las columnas en la fila 1."));
                return result;
            }
            var shared = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(s => s.InnerText).ToList() ?? [];
            var dateStyles = DateStyles(workbook.WorkbookStylesPart?.Stylesheet);
            string[]? header = null;
            var cells = 0;
            using var reader = OpenXmlReader.Create(worksheet);
            while (reader.Read())
            {
                if (reader.ElementType != typeof(Row) || !reader.IsStartElement) continue;
                var row = (Row)reader.LoadCurrentElement()!;
                var number = (int)(row.RowIndex?.Value ?? (uint)(records.Count + 1));
                if (records.Count >= MaxRows)
                {
                    problems.Add(new(0, null, $"La hoja tiene más de {MaxRows:N0} filas: divídala en varios archivos.".Replace(",", ".", StringComparison.Ordinal)));
                    break;
                }
                var values = new List<string>();
                foreach (var cell in row.Elements<Cell>())
                {
                    var column = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : values.Count;
                    if (column >= MaxColumns) continue;
                    while (values.Count <= column) values.Add("");
                    if (++cells > MaxCells)
                    {
                        problems.Add(new(0, null, "La hoja tiene demasiadas celdas: deje solo las columnas de la plantilla y divida el archivo."));
                        return result;
                    }
                    var name = header is not null && column < header.Length && header[column].Trim().Length > 0 ? header[column].Trim() : ColumnName(column);
                    var (text, problem) = CellText(cell, shared, dateStyles);
                    values[column] = text;
                    if (problem is not null) problems.Add(new(number, name, problem));
                }
                var record = values.ToArray();
                header ??= record;
                records.Add((number, record));
            }
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or InvalidDataException or System.Xml.XmlException or InvalidOperationException or IOException)
        {
            records.Clear();
            problems.Clear();
            problems.Add(new(0, null, "El archivo parece un libro de Excel pero no se puede leer (quizá está dañado o protegido con contraseña). Ábralo en Excel y guárdelo de nuevo como «Libro de Excel (.xlsx)» o como CSV."));
        }
        return result;
    }

    /// <summary>Refuses a package with too many parts or that decompresses to too much, reading every part with a running count.</summary>
    private static string? PackageProblem(byte[] bytes)
    {
        const string bomb = "El archivo de Excel se descomprime en demasiados datos para una lista (más de 64 MB): no se leyó. Guarde solo la hoja con la lista, o expórtela como CSV.";
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            if (zip.Entries.Count > MaxEntries) return "El archivo de Excel tiene demasiadas partes para ser una lista: no se leyó. Guárdelo de nuevo como «Libro de Excel (.xlsx)» con una sola hoja, o como CSV.";
            long total = 0;
            var buffer = new byte[81920];
            foreach (var entry in zip.Entries)
            {
                if (entry.Length > MaxUncompressedBytes || (total += entry.Length) > MaxUncompressedBytes) return bomb;
                using var part = entry.Open();
                long read = 0;
                for (int n; (n = part.Read(buffer, 0, buffer.Length)) > 0;)
                    if ((read += n) > entry.Length || read > MaxUncompressedBytes) return bomb;
            }
            return null;
        }
        catch (InvalidDataException)
        {
            return "El archivo no es un libro de Excel válido ni un CSV: guárdelo como «Libro de Excel (.xlsx)» o como «CSV UTF-8 (delimitado por comas)».";
        }
    }

    private static (string Text, string? Problem) CellText(Cell cell, List<string> shared, HashSet<uint> dateStyles)
    {
        if (cell.CellFormula is not null)
            return ("", "la celda tiene una fórmula: SCARI no calcula fórmulas. Copie la columna y péguela como «solo valores».");
        var raw = cell.CellValue?.Text ?? "";
        var type = cell.DataType?.Value;
        if (type == CellValues.SharedString)
            return (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < shared.Count ? shared[i] : "", null);
        if (type == CellValues.InlineString) return (cell.InlineString?.InnerText ?? "", null);
        if (type == CellValues.String) return (raw, null);
        if (type == CellValues.Boolean) return (raw == "1" ? "VERDADERO" : "FALSO", null);
        if (type == CellValues.Error) return ("", $"la celda tiene un error de Excel ({raw}): corríjalo en el archivo.");
        if (type == CellValues.Date)
            return DateTime.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.None, out var iso)
                ? (iso.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), null) : (raw, null);
        if (raw.Length == 0) return ("", null);
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            return (raw, null);
        if (cell.StyleIndex?.Value is { } style && dateStyles.Contains(style) && number is > 0 and < 2958466)
            return (DateOnly.FromDateTime(DateTime.FromOADate(number)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), null);
        if (!decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var exact))
            return (raw, $"el número {raw} tiene más de 15 cifras y Excel ya lo redondeó: escriba la celda como texto (con un apóstrofo delante) y súbalo de nuevo.");
        if (exact != decimal.Truncate(exact))
            return (exact.ToString(CultureInfo.InvariantCulture), $"la celda tiene un número con decimales ({exact.ToString(CultureInfo.GetCultureInfo("es-CO"))}): escriba el valor exacto, sin decimales.");
        var digits = decimal.Truncate(exact).ToString(CultureInfo.InvariantCulture);
        if (digits.TrimStart('-').Length > 15)
            return (digits, $"el número {digits} tiene más de 15 cifras y Excel ya lo redondeó: escriba la celda como texto (con un apóstrofo delante) y súbalo de nuevo.");
        return (digits, null);
    }

    /// <summary>The cell formats (indexes of cellXfs) that show a date: built-in date formats and custom ones with day, month or year.</summary>
    private static HashSet<uint> DateStyles(Stylesheet? styles)
    {
        var result = new HashSet<uint>();
        if (styles?.CellFormats is null) return result;
        var custom = styles.NumberingFormats?.Elements<NumberingFormat>()
            .Where(f => f.NumberFormatId?.Value is not null && f.FormatCode?.Value is not null)
            .ToDictionary(f => f.NumberFormatId!.Value, f => f.FormatCode!.Value!) ?? [];
        uint index = 0;
        foreach (var format in styles.CellFormats.Elements<CellFormat>())
        {
            var id = format.NumberFormatId?.Value ?? 0;
            if (id is >= 14 and <= 22 or >= 45 and <= 47 || (custom.TryGetValue(id, out var code) && LooksLikeDate(code)))
                result.Add(index);
            index++;
        }
        return result;
    }

    private static bool LooksLikeDate(string code)
    {
        var bare = new System.Text.StringBuilder();
        var quoted = false;
        var bracket = false;
        foreach (var c in code)
        {
            if (c == '"') quoted = !quoted;
            else if (!quoted && c == '[') bracket = true;
            else if (!quoted && c == ']') bracket = false;
            else if (!quoted && !bracket) bare.Append(char.ToLowerInvariant(c));
        }
        var text = bare.ToString();
        return text.Contains('d') || text.Contains('y') || text.Contains("mmm", StringComparison.Ordinal) || (text.Contains('m') && !text.Contains('h') && !text.Contains('s'));
    }

    /// <summary>"C7" → 2.</summary>
    private static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var c in reference)
        {
            if (c is < 'A' or > 'Z') break;
            index = index * 26 + (c - 'A' + 1);
        }
        return Math.Max(0, index - 1);
    }

    public static string ColumnName(int index)
    {
        var name = "";
        for (index++; index > 0; index = (index - 1) / 26) name = (char)('A' + (index - 1) % 26) + name;
        return name;
    }
}
