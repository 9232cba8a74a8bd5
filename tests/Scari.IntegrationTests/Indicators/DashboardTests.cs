using System.IO.Compression;
using System.Net;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Scari.Testing;
using Scari.Web.Features.Accounts;
using UglyToad.PdfPig;

namespace Scari.IntegrationTests.Indicators;

/// <summary>The dashboard, drill-down, exports and public page through HTTP, on the scenario's PostgreSQL world.</summary>
public sealed class DashboardTests(PostgresIndicatorWorld world) : IClassFixture<PostgresIndicatorWorld>
{
    private ScariAppFactory App => world.App;

    private async Task<HttpClient> AdminAsync()
    {
        const string name = "admin.indicadores@scari.test";
        if (!await App.WithDbAsync(db => db.Users.AnyAsync(u => u.UserName == name))) await App.CreateUserAsync(name, Roles.Administrador);
        return await App.SignedInClientAsync(name);
    }

    private async Task<HttpClient> CoordinatorOfDependencia1Async()
    {
        const string name = "coord.d1@scari.test";
        if (!await App.WithDbAsync(db => db.Users.AnyAsync(u => u.UserName == name)))
        {
            var user = await App.CreateUserAsync(name, Roles.Coordinador);
            await App.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.CoordinatedDependenciaId, world.World.Dependencia1)));
        }
        return await App.SignedInClientAsync(name);
    }

    [Fact]
    public async Task The_dashboard_shows_the_count_percent_and_per_course_rows_for_the_cut_off_date()
    {
        using var client = await AdminAsync();
        var doc = await client.GetDocumentAsync("/admin/indicadores/funcionarios-tic?corte=2025-12-31");
        Assert.Equal("6", doc.QuerySelector("[data-testid=total]")!.TextContent.Trim());
        Assert.Equal("1,0 %", doc.QuerySelector("[data-testid=percent]")!.TextContent.Trim()); // 6 of 600
        Assert.Contains("las filas no suman el total de personas", doc.Body!.TextContent);
        Assert.NotNull(doc.QuerySelector("svg.burnup title"));

        var earlier = await client.GetDocumentAsync("/admin/indicadores/funcionarios-tic?corte=2025-03-31");
        Assert.Equal("3", earlier.QuerySelector("[data-testid=total]")!.TextContent.Trim());

        var students = await client.GetDocumentAsync("/admin/indicadores/jovenes-4r?corte=2025-12-31");
        Assert.Equal("2", students.QuerySelector("[data-testid=total]")!.TextContent.Trim());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/admin/indicadores/no-existe")).StatusCode);
    }

    [Fact]
    public async Task A_bad_cut_off_date_says_so_in_Spanish_and_shows_today()
    {
        using var client = await AdminAsync();
        var doc = await client.GetDocumentAsync("/admin/indicadores/funcionarios-tic?corte=31-13-2025");
        Assert.Contains("La fecha de corte no es válida", doc.QuerySelector("[role=alert]")!.TextContent);
    }

    [Fact]
    public async Task The_XLSX_export_opens_and_holds_the_same_numbers_as_the_page()
    {
        using var client = await AdminAsync();
        var page = await client.GetDocumentAsync("/admin/indicadores/funcionarios-tic?corte=2025-12-31");
        var pageRows = page.QuerySelectorAll("section[aria-labelledby=cursos] tbody tr")
            .Select(tr => (Title: tr.QuerySelector("th")!.TextContent.Trim(),
                Completions: tr.QuerySelectorAll("td")[0].QuerySelector("a")!.FirstChild!.TextContent.Trim(),
                People: tr.QuerySelectorAll("td")[1].QuerySelector("a")!.FirstChild!.TextContent.Trim()))
            .ToList();
        Assert.NotEmpty(pageRows);

        using var response = await client.GetAsync("/admin/indicadores/funcionarios-tic/exportar/cursos.xlsx?corte=2025-12-31");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sheet = XlsxReader.ReadFirstSheet(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(["Curso", "Id", "Finalizaciones", "Personas distintas"], sheet[0]);
        foreach (var row in pageRows)
        {
            var cells = sheet.Single(r => r[0] == row.Title);
            Assert.Equal(row.Completions, cells[2]);
            Assert.Equal(row.People, cells[3]);
        }
        Assert.Equal("6", sheet[^1][3]); // the total of distinct people, not the sum of rows

        using var all = await client.GetAsync("/admin/indicadores/funcionarios-tic/exportar/todo.xlsx?corte=2025-12-31");
        using var zip = new ZipArchive(new MemoryStream(await all.Content.ReadAsByteArrayAsync()));
        Assert.True(zip.Entries.Count(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal)) >= 6);
    }

    [Fact]
    public async Task The_CSV_export_is_UTF8_with_BOM_and_semicolons()
    {
        using var client = await AdminAsync();
        using var response = await client.GetAsync("/admin/indicadores/funcionarios-tic/exportar/dependencias.csv?corte=2025-12-31");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var text = System.Text.Encoding.UTF8.GetString(bytes[3..]);
        Assert.StartsWith("Dependencia;Personas\r\n", text);
        Assert.Contains("Secretaría de Prueba Uno;3", text);
    }

    [Fact]
    public async Task The_PDF_report_is_one_page_with_the_count_cut_off_and_data_hash()
    {
        using var client = await AdminAsync();
        using var response = await client.GetAsync("/admin/indicadores/funcionarios-tic/exportar/informe.pdf?corte=2025-12-31");
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using var pdf = PdfDocument.Open(bytes);
        Assert.Equal(1, pdf.NumberOfPages);
        var text = string.Join(" ", pdf.GetPage(1).GetWords().Select(w => w.Text));
        Assert.Contains("600", text);
        Assert.Contains("1,0 %", text); // 6 of 600
        Assert.Contains("31 de diciembre de 2025", text);
        var hash = System.Text.RegularExpressions.Regex.Match(text, "[0-9a-f]{64}");
        Assert.True(hash.Success, text);

        // The same data gives the same hash; another cut-off (other completions) another.
        using var again = await client.GetAsync("/admin/indicadores/funcionarios-tic/exportar/informe.pdf?corte=2025-12-31");
        using var again2 = PdfDocument.Open(await again.Content.ReadAsByteArrayAsync());
        Assert.Contains(hash.Value, string.Join(" ", again2.GetPage(1).GetWords().Select(w => w.Text)));
        using var other = await client.GetAsync("/admin/indicadores/funcionarios-tic/exportar/informe.pdf?corte=2025-03-31");
        using var other2 = PdfDocument.Open(await other.Content.ReadAsByteArrayAsync());
        Assert.DoesNotContain(hash.Value, string.Join(" ", other2.GetPage(1).GetWords().Select(w => w.Text)));
    }

    [Fact]
    public async Task A_coordinator_sees_only_their_dependencia_even_when_asking_for_another()
    {
        using var client = await CoordinatorOfDependencia1Async();
        var doc = await client.GetDocumentAsync("/admin/indicadores/funcionarios-tic?corte=2025-12-31");
        Assert.Equal("3", doc.QuerySelector("[data-testid=total]")!.TextContent.Trim());

        var people = await client.GetDocumentAsync("/admin/indicadores/funcionarios-tic/personas?corte=2025-12-31");
        var listed = people.QuerySelectorAll("tbody th").Select(th => th.TextContent.Trim()).ToList();
        Assert.Equal(["Persona anonimizada", "Prueba Ana, Ana", "Prueba Iris, Iris"], listed);

        // Asking for the other dependencia's people gives nobody, not them.
        var other = await client.GetDocumentAsync($"/admin/indicadores/funcionarios-tic/personas?corte=2025-12-31&dependencia={world.World.Dependencia2}");
        Assert.Equal("0", other.QuerySelector("[data-testid=people-total]")!.TextContent.Trim());
        Assert.DoesNotContain("Carla", other.Body!.TextContent);

        using var csv = await client.GetAsync("/admin/indicadores/funcionarios-tic/personas?corte=2025-12-31&formato=csv");
        var text = await csv.Content.ReadAsStringAsync();
        Assert.Contains("Ana", text);
        Assert.DoesNotContain("Carla", text);
        Assert.DoesNotContain("Juan", text);
    }

    [Fact]
    public async Task Tutors_and_learners_cannot_open_the_dashboard()
    {
        await App.CreateUserAsync("tutor.ind@scari.test", Roles.Tutor);
        using var tutor = await App.SignedInClientAsync("tutor.ind@scari.test");
        using var response = await tutor.GetAsync("/admin/indicadores");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/cuenta/acceso-denegado", response.Headers.Location!.PathAndQuery);
        using var anonymous = App.CreateBrowserLikeClient();
        using var people = await anonymous.GetAsync("/admin/indicadores/funcionarios-tic/personas");
        Assert.StartsWith("/cuenta/ingresar", people.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task The_public_page_shows_totals_and_percentages_without_names()
    {
        using var client = App.CreateClient();
        using var response = await client.GetAsync("/indicadores");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("public", response.Headers.CacheControl!.ToString());
        var doc = FormPosting.Parse(await response.Content.ReadAsStringAsync());
        // The cards' totals (on the last day of a month the page also shows that month end's report below them).
        var numbers = doc.QuerySelectorAll(".cards .big-number").Select(e => e.FirstChild!.TextContent.Trim()).ToList();
        Assert.Equal(["7", "2"], numbers); // today is after every completion of the scenario
        foreach (var name in new[] { "Ana", "Carla", "Dario", "Gina", "1000" })
            Assert.DoesNotContain(name, doc.Body!.TextContent);
    }

    /// <summary>The text of the PDF's QR code, read as a phone would: rendered to an image and scanned (poppler, zbar).</summary>
    private static string ReadQr(byte[] pdf)
    {
        var folder = Directory.CreateTempSubdirectory("scari-informe-qr-");
        try
        {
            var pdfPath = Path.Combine(folder.FullName, "informe.pdf");
            File.WriteAllBytes(pdfPath, pdf);
            Run("pdftoppm", "-r", "200", "-png", "-singlefile", pdfPath, Path.Combine(folder.FullName, "p"));
            return Run("zbarimg", "--raw", "-q", Path.Combine(folder.FullName, "p.png")).Trim();
        }
        finally
        {
            // Kept for a look when the scan fails: the page as rendered.
            if (Environment.GetEnvironmentVariable("SCARI_KEEP_PDF") is null) folder.Delete(recursive: true);
        }
    }

    private static string Run(string file, params string[] args)
    {
        var info = new System.Diagnostics.ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file}: {error}");
        return output;
    }

    private static string Words(string text) => System.Text.RegularExpressions.Regex.Replace(text.Replace('\u00a0', ' '), @"\s+", " ").Trim();

    [Fact]
    public async Task The_PDF_report_carries_the_logo_the_burn_up_chart_full_course_names_the_rule_and_the_QR_of_the_public_page()
    {
        using var client = await AdminAsync();
        using var response = await client.GetAsync("/admin/indicadores/funcionarios-tic/exportar/informe.pdf?corte=2026-03-31");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using var pdf = PdfDocument.Open(bytes);
        Assert.Equal(1, pdf.NumberOfPages);
        var page = pdf.GetPage(1);
        var text = Words(string.Join(" ", page.GetWords().Select(w => w.Text)));

        Assert.Contains("Alcaldía Mayor de Cartagena de Indias", text);                        // the entity, beside its logo
        Assert.Contains("Computación en la nube: fundamentos (con AWS como ejemplo)", text);     // full course names, wrapped
        Assert.Contains("Política de seguridad digital", text);
        Assert.DoesNotContain("…", text);
        Assert.Contains("Fecha de corte: 31 de marzo de 2026", text);
        Assert.Contains(Words("Regla de conteo: " + Scari.Web.Features.Indicators.IndicatorReportPdf.Rule), text);
        Assert.Contains("Personas formadas (acumulado)", text);                                // the burn-up chart's legend
        Assert.Contains(new DateOnly(2026, 3, 1).ToString("MMM yyyy", Scari.Web.Bogota.Culture), text); // its last month, whole
        Assert.Contains("https://scari.test/indicadores", text);

        // Two images: the logo and the QR code, which a phone reads as the public page.
        Assert.Equal(2, page.GetImages().Count());
        Assert.Equal("https://scari.test/indicadores", ReadQr(bytes));
    }

    [Fact]
    public async Task The_dashboard_chart_anchors_its_last_month_label_at_the_right_edge_so_it_is_never_cut()
    {
        using var client = await AdminAsync();
        var doc = await client.GetDocumentAsync("/admin/indicadores/funcionarios-tic?corte=2026-12-31");
        var labels = doc.QuerySelectorAll("svg.burnup text.month").ToList();
        Assert.True(labels.Count >= 2);
        Assert.Equal(new DateOnly(2026, 12, 1).ToString("MMM yyyy", Scari.Web.Bogota.Culture), labels[^1].TextContent);
        Assert.Equal("end", labels[^1].GetAttribute("text-anchor"));
        Assert.Equal("start", labels[0].GetAttribute("text-anchor"));
        var x = labels.Select(l => double.Parse(l.GetAttribute("x")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(x[^1] <= 640, $"la última etiqueta empieza fuera del dibujo: x={x[^1]}");
        Assert.True(x.Zip(x.Skip(1)).All(p => p.Second - p.First >= 40), "dos etiquetas de meses se pisan: " + string.Join(", ", x));
    }
}

/// <summary>Reads an XLSX back with nothing but System.IO.Compression and XML.</summary>
public static class XlsxReader
{
    private static readonly XNamespace Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    public static List<string[]> ReadFirstSheet(byte[] xlsx)
    {
        using var zip = new ZipArchive(new MemoryStream(xlsx));
        Assert.NotNull(zip.GetEntry("[Content_Types].xml"));
        Assert.NotNull(zip.GetEntry("xl/workbook.xml"));
        using var stream = zip.GetEntry("xl/worksheets/sheet1.xml")!.Open();
        var sheet = XDocument.Load(stream);
        return [.. sheet.Descendants(Main + "row").Select(r => r.Elements(Main + "c")
            .Select(c => c.Attribute("t")?.Value == "inlineStr" ? string.Concat(c.Descendants(Main + "t").Select(t => t.Value)) : c.Element(Main + "v")?.Value ?? "")
            .ToArray())];
    }
}
