using System.Text;
using Scari.Web;
using Scari.Web.Features.People.Import;

namespace Scari.Tests;

public sealed class ImportFileTests
{
    [Fact]
    public void Semicolons_win_over_commas_inside_a_header_and_quoted_cells_keep_delimiters_quotes_and_line_breaks()
    {
        var text = "nombres;cargo\r\n\"Ana, María\";\"Jefe \"\"A\"\"\nárea 2\"\r\nLuis;Técnico\n";
        Assert.Equal(';', Spreadsheet.DetectDelimiter(text));
        var rows = Spreadsheet.Parse(text, ';');
        Assert.Equal(3, rows.Count);
        Assert.Equal(["Ana, María", "Jefe \"A\"\nárea 2"], rows[1].Cells);
        Assert.Equal(2, rows[1].Row);
        Assert.Equal(4, rows[2].Row); // the spreadsheet row, after the line break inside a cell
        Assert.Equal(',', Spreadsheet.DetectDelimiter("a,b,c\r\n1;2,3"));
    }

    [Fact]
    public void UTF_8_with_or_without_BOM_and_Windows_1252_decode_to_the_same_text()
    {
        const string text = "Peña;Muñoz;Córdoba";
        var ansi = CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetBytes(text);
        Assert.Equal(text, Spreadsheet.Decode([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)], out var bom));
        Assert.Equal(text, Spreadsheet.Decode(Encoding.UTF8.GetBytes(text), out var plain));
        Assert.Equal(text, Spreadsheet.Decode(ansi, out var windows));
        Assert.Equal(("UTF-8", "UTF-8", "Windows-1252"), (bom, plain, windows));
    }

    [Theory]
    [InlineData("JosÃ©", "Ã©")]
    [InlineData("PEÃ‘A", "Ã‘")]
    [InlineData("Ã\u0081lvaro", "Ã\u0081")]
    public void Text_that_was_UTF_8_read_as_ANSI_is_reported(string value, string shown)
    {
        var problem = ImportFile.EncodingProblem(value);
        Assert.NotNull(problem);
        Assert.True(problem.Contains(shown, StringComparison.Ordinal) || problem.Contains("no se pueden leer", StringComparison.Ordinal), problem);
    }

    [Theory]
    [InlineData("José Peña")]
    [InlineData("SÃO")]
    [InlineData("Ñuñoa")]
    public void Ordinary_Spanish_text_is_not_reported(string value) => Assert.Null(ImportFile.EncodingProblem(value));

    [Theory]
    [InlineData("Número de documento", "numero_documento")]
    [InlineData("Tipo", "tipo_documento")]
    [InlineData("FECHA_NACIMIENTO", "fecha_nacimiento")]
    [InlineData("Público", "publico")]
    public void Column_titles_are_recognized_without_accents_or_case(string title, string canonical) =>
        Assert.Equal(canonical, ImportFile.CanonicalColumn(title));
}
