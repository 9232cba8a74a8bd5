using System.IO.Compression;
using System.Text;
using System.Xml.Linq;
using Scari.Web;
using Scari.Web.Features.Indicators;
using Scari.Web.Features.InPerson;

namespace Scari.Tests;

public sealed class IndicatorExportTests
{
    private static readonly ExportTable Dangerous = new("Prueba", ["Texto", "Número"],
    [
        ["=HYPERLINK(\"http://x\")", 1],
        ["+57 300", 2],
        ["-1+2", 3],
        ["@SUM(A1)", 4],
        ["\tTab", 5],
        ["\rRetorno", 6],
        ["Normal; con punto y coma", -7],
        ["Comillas \"dobles\"", 8],
    ]);

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+1", "'+1")]
    [InlineData("-1", "'-1")]
    [InlineData("@A1", "'@A1")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("\r=1", "'\r=1")]
    [InlineData("Ana = Ana", "Ana = Ana")]
    [InlineData("", "")]
    public void Text_that_a_spreadsheet_would_run_is_prefixed_with_an_apostrophe(string text, string expected) =>
        Assert.Equal(expected, Spreadsheet.Neutralize(text));

    [Fact]
    public void The_CSV_neutralizes_formulas_quotes_separators_and_keeps_numbers_as_numbers()
    {
        var bytes = IndicatorExports.Csv(Dangerous);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n");
        Assert.Equal("Texto;Número", lines[0]);
        Assert.Equal("\"'=HYPERLINK(\"\"http://x\"\")\";1", lines[1]);
        Assert.Equal("'+57 300;2", lines[2]);
        Assert.Equal("'-1+2;3", lines[3]);
        Assert.Equal("'@SUM(A1);4", lines[4]);
        Assert.Equal("'\tTab;5", lines[5]);
        Assert.Equal("\"Normal; con punto y coma\";-7", lines[7]); // a real negative number is not text: untouched
        Assert.Equal("\"Comillas \"\"dobles\"\"\";8", lines[8]);
        Assert.All(lines.Skip(1).Where(l => l.Length > 0), l => Assert.DoesNotMatch("^\"?[=+@\\-]", l));
    }

    [Fact]
    public void The_XLSX_is_a_valid_package_with_neutralized_text_and_numeric_cells()
    {
        var bytes = IndicatorExports.Xlsx([Dangerous, new ExportTable("Prueba", ["A"], [["b"]])]);
        using var zip = new ZipArchive(new MemoryStream(bytes));
        XNamespace main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        foreach (var part in new[] { "[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml" })
        {
            using var s = zip.GetEntry(part)!.Open();
            XDocument.Load(s); // well-formed XML
        }
        using var wb = zip.GetEntry("xl/workbook.xml")!.Open();
        Assert.Equal(["Prueba", "Prueba 2"], XDocument.Load(wb).Descendants(main + "sheet").Select(e => e.Attribute("name")!.Value));

        using var sheet = zip.GetEntry("xl/worksheets/sheet1.xml")!.Open();
        var cells = XDocument.Load(sheet).Descendants(main + "c").ToList();
        Assert.DoesNotContain(cells, c => c.Element(main + "f") is not null); // no formulas at all
        var texts = cells.Where(c => c.Attribute("t")?.Value == "inlineStr").Select(c => c.Value).ToList();
        Assert.Contains("'=HYPERLINK(\"http://x\")", texts);
        Assert.Contains("'@SUM(A1)", texts);
        var numbers = cells.Where(c => c.Attribute("t") is null).Select(c => c.Element(main + "v")!.Value).ToList();
        Assert.Equal(["1", "2", "3", "4", "5", "6", "-7", "8"], numbers);
        Assert.Equal("B9", cells[^1].Attribute("r")!.Value);
    }

    [Theory]
    [InlineData(0, "A")]
    [InlineData(25, "Z")]
    [InlineData(26, "AA")]
    [InlineData(701, "ZZ")]
    [InlineData(702, "AAA")]
    public void Column_letters_follow_the_spreadsheet_convention(int index, string expected) =>
        Assert.Equal(expected, IndicatorExports.ColumnName(index));
}

public sealed class AttendanceCsvTests
{
    [Fact]
    public void A_Windows_1252_file_is_read_with_its_accents_and_euro_sign()
    {
        // "Núñez;€" in Windows-1252: ú = FA, ñ = F1, € = 80.
        byte[] bytes = [0x4E, 0xFA, 0xF1, 0x65, 0x7A, 0x3B, 0x80];
        Assert.Equal("Núñez;€", Spreadsheet.Decode(bytes, out _));
    }

    [Fact]
    public void A_UTF8_file_with_BOM_is_read_as_UTF8() =>
        Assert.Equal("Núñez", Spreadsheet.Decode([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes("Núñez")], out _));

    [Fact]
    public void The_separator_is_taken_from_the_header_and_quoted_cells_keep_separators_and_line_breaks()
    {
        var semicolon = Spreadsheet.Rows("a;b;c\r\n1;\"x;y\";3\r\n");
        Assert.Equal([["a", "b", "c"], ["1", "x;y", "3"]], semicolon);
        var comma = Spreadsheet.Rows("a,b\n\"dijo \"\"hola\"\"\",\"dos\nlíneas\"");
        Assert.Equal([["a", "b"], ["dijo \"hola\"", "dos\nlíneas"]], comma);
    }

    [Theory]
    [InlineData(null, "Taller de Ciberseguridad", "actividad-taller-de-ciberseguridad")]
    [InlineData(null, "  Charla: ¿Qué es la IA?  ", "actividad-charla-que-es-la-ia")]
    [InlineData("seguridad-digital", "Seguridad", "seguridad-digital")]
    public void An_activity_key_is_stable_for_the_same_name(string? course, string name, string expected) =>
        Assert.Equal(expected, InPersonTraining.ActivityKey(course, name));
}
