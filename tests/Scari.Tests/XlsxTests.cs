using System.IO.Compression;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Scari.Web;
using Scari.Web.Features.Indicators;
using Scari.Web.Features.People.Import;

namespace Scari.Tests;

/// <summary>Excel workbooks as administrators keep their lists: values read exactly, formulas and rounded numbers refused, zip bombs stopped.</summary>
public sealed class XlsxTests
{
    /// <summary>A workbook as Excel saves one: shared strings, numbers, a date-formatted cell and, where asked, a formula.</summary>
    private static byte[] Workbook(params (string Reference, object Value, bool Date, bool Formula)[][] rows)
    {
        using var buffer = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var wb = document.AddWorkbookPart();
            wb.Workbook = new Workbook();
            var styles = wb.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = new Stylesheet(
                new NumberingFormats(new NumberingFormat { NumberFormatId = 164, FormatCode = "dd/mm/yyyy" }) { Count = 1 },
                new DocumentFormat.OpenXml.Spreadsheet.Fonts(new Font()) { Count = 1 }, new Fills(new Fill(), new Fill()) { Count = 2 }, new Borders(new Border()) { Count = 1 },
                new CellFormats(new CellFormat { NumberFormatId = 0 }, new CellFormat { NumberFormatId = 164, ApplyNumberFormat = true },
                    new CellFormat { NumberFormatId = 14, ApplyNumberFormat = true }) { Count = 3 });
            var strings = wb.AddNewPart<SharedStringTablePart>();
            strings.SharedStringTable = new SharedStringTable();
            var sheetPart = wb.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            var index = 1u;
            foreach (var row in rows)
            {
                if (row.Length == 0) { index++; continue; } // a blank line: Excel writes no row element for it
                var r = new Row { RowIndex = index };
                foreach (var (reference, value, date, formula) in row)
                {
                    var cell = new Cell { CellReference = reference + index };
                    if (formula) cell.CellFormula = new CellFormula("A1&\"x\"");
                    if (value is string s)
                    {
                        strings.SharedStringTable.Append(new SharedStringItem(new Text(s)));
                        cell.DataType = CellValues.SharedString;
                        cell.CellValue = new CellValue((strings.SharedStringTable.Count() - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        cell.CellValue = new CellValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!);
                        if (date) cell.StyleIndex = 1;
                    }
                    r.Append(cell);
                }
                data.Append(r);
                index++;
            }
            sheetPart.Worksheet = new Worksheet(data);
            wb.Workbook.AppendChild(new Sheets(new Sheet { Id = wb.GetIdOfPart(sheetPart), SheetId = 1, Name = "Lista" }));
        }
        return buffer.ToArray();
    }

    private static (string, object, bool, bool) V(string reference, object value, bool date = false, bool formula = false) => (reference, value, date, formula);

    [Fact]
    public void Cells_are_read_as_their_values_with_document_numbers_exact_and_dates_as_ISO()
    {
        var bytes = Workbook(
            [V("A", "tipo_documento"), V("B", "numero_documento"), V("C", "nombres"), V("D", "fecha_nacimiento")],
            [V("A", "CC"), V("B", 1043987654L), V("C", "María José"), V("D", 39813, date: true)],
            [],
            [V("A", "TI"), V("B", 123456789012345L), V("C", "Ana"), V("D", "2010-05-04")]);
        var sheet = Spreadsheet.Read(bytes);

        Assert.True(Spreadsheet.IsXlsx(bytes));
        Assert.Empty(sheet.Problems);
        Assert.Equal(["tipo_documento", "numero_documento", "nombres", "fecha_nacimiento"], sheet.Records[0].Cells);
        Assert.Equal(["CC", "1043987654", "María José", "2008-12-31"], sheet.Records[1].Cells);
        Assert.Equal("123456789012345", sheet.Records[2].Cells[1]);
        Assert.Equal([1, 2, 4], sheet.Records.Select(r => r.Row)); // the row after the blank line keeps its number
    }

    [Fact]
    public void A_formula_a_fraction_and_a_number_Excel_already_rounded_are_row_problems_naming_the_column()
    {
        var bytes = Workbook(
            [V("A", "tipo_documento"), V("B", "numero_documento"), V("C", "nombres")],
            [V("A", "CC"), V("B", 1043987654.5), V("C", "Ana")],
            [V("A", "CC"), V("B", "1.2345678901234568E+17"), V("C", "Luis")],
            [V("A", "CC"), V("B", 79123456L), V("C", "=HIPERVINCULO()", formula: true)]);
        var sheet = Spreadsheet.Read(bytes);

        Assert.Contains(sheet.Problems, p => p is { Row: 2, Column: "numero_documento" } && p.Message.Contains("decimales", StringComparison.Ordinal));
        Assert.Contains(sheet.Problems, p => p is { Row: 4, Column: "nombres" } && p.Message.Contains("fórmula", StringComparison.Ordinal));
        Assert.Equal("", sheet.Records[3].Cells[2]); // the formula's cached text is never used
        Assert.Equal(2, sheet.Problems.Count);
    }

    [Fact]
    public void A_number_of_more_than_15_digits_is_refused_as_already_rounded()
    {
        var bytes = Workbook(
            [V("A", "numero_documento")],
            [V("A", 1234567890123456789L)]);
        var problem = Assert.Single(Spreadsheet.Read(bytes).Problems);
        Assert.Equal((2, "numero_documento"), (problem.Row, problem.Column));
        Assert.Contains("más de 15 cifras", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zip_bomb_is_refused_before_it_is_parsed()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var part = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 80; i++) part.Write(zeros); // 80 MB of zeros: about 80 KB compressed
        }
        var bytes = buffer.ToArray();
        Assert.True(bytes.Length < 1024 * 1024);

        var sheet = Spreadsheet.Read(bytes);
        var problem = Assert.Single(sheet.Problems);
        Assert.Equal(0, problem.Row);
        Assert.Contains("demasiados datos", problem.Message, StringComparison.Ordinal);
        Assert.Empty(sheet.Records);
    }

    [Fact]
    public void A_damaged_workbook_gets_a_Spanish_message_and_no_rows()
    {
        var bytes = Workbook([V("A", "nombres")], [V("A", "Ana")]);
        bytes[^30] ^= 0xFF; // break the central directory
        var sheet = Spreadsheet.Read(bytes);
        Assert.Empty(sheet.Records);
        Assert.Contains(sheet.Problems, p => p.Row == 0 && p.Message.Contains("Excel", StringComparison.Ordinal));
    }

    [Fact]
    public void An_exported_workbook_reads_back_to_the_same_cells_with_formulas_neutralized()
    {
        var table = new ExportTable("Por curso", ["Curso", "Personas"], [["=1+1", 12], ["Política de seguridad digital", 7L]]);
        var bytes = IndicatorExports.Xlsx([table, table]);

        var sheet = Spreadsheet.Read(bytes);
        Assert.Empty(sheet.Problems);
        Assert.Equal([["Curso", "Personas"], ["'=1+1", "12"], ["Política de seguridad digital", "7"]], sheet.Records.Select(r => r.Cells));
        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        Assert.Equal(["Por curso", "Por curso 2"], document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value));
    }

    [Fact]
    public void The_people_import_reads_the_same_header_and_rows_from_CSV_and_from_Excel()
    {
        var csv = System.Text.Encoding.UTF8.GetBytes("tipo_documento;numero_documento;nombres;apellidos;publico\r\nCC;79123456;Ana;Pérez;funcionario\r\n");
        var xlsx = Workbook(
            [V("A", "tipo_documento"), V("B", "numero_documento"), V("C", "nombres"), V("D", "apellidos"), V("E", "publico")],
            [V("A", "CC"), V("B", 79123456L), V("C", "Ana"), V("D", "Pérez"), V("E", "funcionario")]);

        var (fromCsv, csvProblems) = ImportFile.Read(csv);
        var (fromXlsx, xlsxProblems) = ImportFile.Read(xlsx);
        Assert.Empty(csvProblems);
        Assert.Empty(xlsxProblems);
        Assert.Equal(fromCsv!.Columns, fromXlsx!.Columns);
        Assert.Equal(fromCsv.Rows.Select(r => (r.Row, string.Join('|', r.Cells))), fromXlsx.Rows.Select(r => (r.Row, string.Join('|', r.Cells))));
    }
}
