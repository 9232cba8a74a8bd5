using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Scari.Web;

/// <summary>
/// An .xlsx workbook of plain tables (DocumentFormat.OpenXml): one sheet per table, a bold header row, whole numbers
/// as numbers and every other value as inline text, neutralized like the CSV (<see cref="Spreadsheet.Neutralize"/>).
/// </summary>
public static class XlsxWriter
{
    public sealed record Table(string Name, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<object?>> Rows);

    public static byte[] Write(IReadOnlyList<Table> tables)
    {
        using var buffer = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            workbookPart.Workbook = new Workbook();
            var styles = workbookPart.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = new Stylesheet(
                new DocumentFormat.OpenXml.Spreadsheet.Fonts(new Font(new FontSize { Val = 11 }, new FontName { Val = "Calibri" }),
                          new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "Calibri" })) { Count = 2 },
                new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }),
                          new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
                new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())) { Count = 1 },
                new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
                new CellFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0 },
                                new CellFormat { NumberFormatId = 0, FontId = 1, FillId = 0, BorderId = 0, FormatId = 0, ApplyFont = true }) { Count = 2 });
            var sheets = workbookPart.Workbook.AppendChild(new Sheets());
            var names = SheetNames(tables);
            for (var i = 0; i < tables.Count; i++)
            {
                var part = workbookPart.AddNewPart<WorksheetPart>();
                var data = new SheetData();
                data.Append(Row(1, tables[i].Headers.Cast<object?>(), header: true));
                for (var r = 0; r < tables[i].Rows.Count; r++) data.Append(Row((uint)r + 2, tables[i].Rows[r], header: false));
                part.Worksheet = new Worksheet(data);
                sheets.Append(new Sheet { Id = workbookPart.GetIdOfPart(part), SheetId = (uint)i + 1, Name = names[i] });
            }
        }
        return buffer.ToArray();
    }

    private static Row Row(uint number, IEnumerable<object?> values, bool header)
    {
        var row = new Row { RowIndex = number };
        var column = 0;
        foreach (var value in values)
        {
            var cell = new Cell { CellReference = XlsxReader.ColumnName(column++) + number.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            if (header) cell.StyleIndex = 1;
            if (value is int or long)
            {
                cell.CellValue = new CellValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!);
            }
            else
            {
                cell.DataType = CellValues.InlineString;
                cell.InlineString = new InlineString(new Text(XmlSafe(Spreadsheet.Neutralize(value?.ToString() ?? ""))) { Space = SpaceProcessingModeValues.Preserve });
            }
            row.Append(cell);
        }
        return row;
    }

    // XML 1.0 forbids most control characters even escaped: drop them.
    private static string XmlSafe(string text) => new([.. text.Where(c => c is '\t' or '\n' or '\r' || c >= ' ')]);

    /// <summary>Excel's sheet-name rules: at most 31 characters, none of []:*?/\, unique without regard to case.</summary>
    public static List<string> SheetNames(IReadOnlyList<Table> tables)
    {
        var names = new List<string>();
        foreach (var t in tables)
        {
            var name = new string([.. t.Name.Where(c => c is not ('[' or ']' or ':' or '*' or '?' or '/' or '\\'))]);
            name = name.Length > 31 ? name[..31] : name.Length == 0 ? "Hoja" : name;
            var unique = name;
            for (var n = 2; names.Contains(unique, StringComparer.OrdinalIgnoreCase); n++) unique = $"{name[..Math.Min(name.Length, 28)]} {n}";
            names.Add(unique);
        }
        return names;
    }
}
