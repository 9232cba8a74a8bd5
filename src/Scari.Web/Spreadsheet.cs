using System.Globalization;
using System.Text;
using CsvHelper;

namespace Scari.Web;

/// <summary>
/// CSV and Excel files as administrators in Colombia keep them, for every import and export (people, attendance,
/// indicator exports, the privacy export). Reading (<see cref="Read"/>): a CSV in UTF-8 with or without BOM, or
/// Windows-1252 ("CSV delimitado por comas", ANSI), with ';' (Excel with a Spanish regional setting) or ',' as the
/// delimiter and quoted cells with doubled quotes and line breaks (CsvHelper); or the first sheet of an .xlsx
/// workbook (<see cref="XlsxReader"/>). Writing: UTF-8 with BOM, ';', cells quoted when needed and formulas
/// neutralized.
/// </summary>
public static class Spreadsheet
{
    /// <summary>The rows of a file, each with its spreadsheet row number (the header is row 1), and the problems found while reading it.</summary>
    public sealed record Sheet(string Format, char Delimiter, List<(int Row, string[] Cells)> Records, List<SheetProblem> Problems);

    /// <summary>A cell the reader could not take as text (a formula, an inexact number) or a file it refused; Column is the header's text.</summary>
    public sealed record SheetProblem(int Row, string? Column, string Message);

    /// <summary>An .xlsx is a zip: it starts with the zip signature "PK\x03\x04".</summary>
    public static bool IsXlsx(ReadOnlySpan<byte> bytes) => bytes.StartsWith("PK\u0003\u0004"u8);

    /// <summary>Reads a CSV or the first sheet of an .xlsx, whichever the bytes are.</summary>
    public static Sheet Read(byte[] bytes)
    {
        if (IsXlsx(bytes)) return XlsxReader.Read(bytes);
        var text = Decode(bytes, out var encodingName);
        var delimiter = DetectDelimiter(text);
        return new Sheet(encodingName, delimiter, Parse(text, delimiter), []);
    }

    /// <summary>A leading = + - @ (or tab, carriage return) would make a spreadsheet evaluate the text: prefix an apostrophe.</summary>
    public static string Neutralize(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    /// <summary>One CSV cell: whole numbers as numbers, text neutralized and quoted when it holds a separator, quote or line break.</summary>
    public static string Cell(object? value)
    {
        if (value is int or long) return Convert.ToString(value, CultureInfo.InvariantCulture)!;
        var text = Neutralize(value?.ToString() ?? "");
        return NeedsQuotes(text) ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    private static bool NeedsQuotes(string text) => text.AsSpan().IndexOfAny(";,\"\n\r") >= 0;

    /// <summary>A CSV file as SCARI writes them: UTF-8 with BOM, ';', CRLF, formulas neutralized, whole numbers as numbers.</summary>
    public static byte[] WriteCsv(IEnumerable<IEnumerable<object?>> rows)
    {
        var options = new CsvWriterOptions
        {
            Separator = ';',
            NewLine = "\r\n",
            WriteByteOrderMark = true,
            ValidateFieldCount = false,
            Injection = CsvInjection.None, // neutralized below, the same way in CSV and XLSX
            ShouldQuote = (field, _, _, _) => field.Contains(','), // separators of either kind: the file may be read with ',' too
        };
        using var buffer = new MemoryStream();
        using (var csv = CsvWriter.Create(buffer, options, leaveOpen: true))
        {
            foreach (var row in rows)
            {
                foreach (var value in row)
                    csv.WriteField(value is int or long ? Convert.ToString(value, CultureInfo.InvariantCulture) : Neutralize(value?.ToString() ?? ""));
                csv.EndRecord();
            }
        }
        return buffer.ToArray();
    }

    /// <summary>The file's text, cleaned like every other free text (<see cref="TextHygiene"/>).</summary>
    public static string Decode(byte[] bytes, out string encodingName) => TextHygiene.Clean(DecodeRaw(bytes, out encodingName));

    /// <summary>UTF-8 (BOM or valid without BOM) or else Windows-1252.</summary>
    private static string DecodeRaw(byte[] bytes, out string encodingName)
    {
        if (bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble))
        {
            encodingName = "UTF-8";
            return new UTF8Encoding(false, false).GetString(bytes, 3, bytes.Length - 3);
        }
        try
        {
            var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            encodingName = "UTF-8";
            return text;
        }
        catch (DecoderFallbackException)
        {
            encodingName = "Windows-1252";
            return CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetString(bytes);
        }
    }

    /// <summary>The delimiter that appears more often (outside quotes) in the header line.</summary>
    public static char DetectDelimiter(string text)
    {
        int semicolons = 0, commas = 0;
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"') quoted = !quoted;
            else if (!quoted && c is '\n' or '\r') break;
            else if (!quoted && c == ';') semicolons++;
            else if (!quoted && c == ',') commas++;
        }
        return semicolons >= commas && semicolons > 0 ? ';' : ',';
    }

    /// <summary>The records of a CSV text, each with the spreadsheet row it starts on (a quoted line break continues the record).</summary>
    public static List<(int Row, string[] Cells)> Parse(string text, char delimiter)
    {
        var options = new CsvReaderOptions
        {
            Separator = delimiter,
            HasHeader = false,          // the imports read the header themselves, with its row number
            Mode = CsvMode.Rfc4180,
            SkipEmptyLines = false,     // kept, so that row numbers are the spreadsheet's
            TrackLineNumbers = true,
            TrimWhitespace = false,
            MalformedData = CsvMalformedDataHandling.Recover, // a stray quote inside an unquoted cell is kept as text
            FieldCountMismatch = CsvFieldCountHandling.Allow,
        };
        var records = new List<(int, string[])>();
        using var reader = CsvReader.FromText(text, options);
        while (reader.Read())
            records.Add(((int)reader.LineNumber, reader.Current.ToArray()));
        return records;
    }

    /// <summary>Split on the header's delimiter, without row numbers.</summary>
    public static List<List<string>> Rows(string text) => [.. Parse(text, DetectDelimiter(text)).Select(r => r.Cells.ToList())];
}
