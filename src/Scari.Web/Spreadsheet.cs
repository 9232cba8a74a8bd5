using System.Globalization;
using System.Text;

namespace Scari.Web;

/// <summary>
/// CSV as spreadsheets in Colombia read and write it, for every import and export (people import, attendance
/// import, indicator exports, the privacy export). Reading: UTF-8 with or without BOM, or Windows-1252 ("CSV
/// delimitado por comas", ANSI); ';' (Excel with a Spanish regional setting) or ',' as the delimiter; quoted cells
/// with doubled quotes and line breaks. Writing: UTF-8 with BOM, ';', cells quoted when needed and formulas
/// neutralized.
/// </summary>
public static class Spreadsheet
{
    /// <summary>A leading = + - @ (or tab, carriage return) would make a spreadsheet evaluate the text: prefix an apostrophe.</summary>
    public static string Neutralize(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    /// <summary>One CSV cell: whole numbers as numbers, text neutralized and quoted when it holds a separator, quote or line break.</summary>
    public static string Cell(object? value)
    {
        if (value is int or long) return Convert.ToString(value, CultureInfo.InvariantCulture)!;
        var text = Neutralize(value?.ToString() ?? "");
        return text.IndexOfAny([';', ',', '"', '\n', '\r']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
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

    public static List<(int Row, string[] Cells)> Parse(string text, char delimiter)
    {
        var records = new List<(int, string[])>();
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        var row = 1;
        var startRow = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; }
                    else quoted = false;
                }
                else
                {
                    if (c == '\n') row++;
                    cell.Append(c);
                }
                continue;
            }
            if (c == '"' && cell.Length == 0) quoted = true;
            else if (c == delimiter) { cells.Add(cell.ToString()); cell.Clear(); }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                cells.Add(cell.ToString()); cell.Clear();
                records.Add((startRow, cells.ToArray()));
                cells.Clear();
                row++;
                startRow = row;
            }
            else cell.Append(c);
        }
        if (cell.Length > 0 || cells.Count > 0)
        {
            cells.Add(cell.ToString());
            records.Add((startRow, cells.ToArray()));
        }
        return records;
    }

    /// <summary>Split on the header's delimiter, without row numbers.</summary>
    public static List<List<string>> Rows(string text) => [.. Parse(text, DetectDelimiter(text)).Select(r => r.Cells.ToList())];
}
