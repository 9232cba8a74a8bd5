using System.Net;
using System.Text;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Scari.Testing;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Indicators;

namespace Scari.IntegrationTests.Indicators;

/// <summary>Population imports (preview, all or nothing, history) and coverage on the dashboard and unit pages, on both providers.</summary>
public sealed class CoverageTests(PostgresIndicatorWorld world) : CoverageTestsOn<PostgresIndicatorWorld>(world);

public sealed class SqliteCoverageTests(SqliteIndicatorWorld world) : CoverageTestsOn<SqliteIndicatorWorld>(world);

public static class PopulationClient
{
    /// <summary>Uploads a population file for preview, as the page's form does.</summary>
    public static Task<IHtmlDocument> PreviewAsync(HttpClient client, string csv, string date, string source, Encoding? encoding = null) =>
        PreviewAsync(client, (encoding ?? Encoding.UTF8).GetBytes(csv), "poblacion.csv", date, source);

    public static async Task<IHtmlDocument> PreviewAsync(HttpClient client, byte[] file, string fileName, string date, string source)
    {
        var page = await client.GetDocumentAsync("/admin/poblacion");
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(date), "Fecha" },
            { new StringContent(source), "Fuente" },
            { new ByteArrayContent(file), "Archivo", fileName },
        };
        using var response = await client.PostAsync("/admin/poblacion?handler=Preview", form);
        return FormPosting.Parse(await response.Content.ReadAsStringAsync());
    }

    /// <summary>Previews and confirms; returns the notice shown after the redirect.</summary>
    public static async Task<string> ImportAsync(HttpClient client, string csv, string date, string source)
    {
        var preview = await PreviewAsync(client, csv, date, source);
        var form = preview.QuerySelector("form[action*=Confirm]") ?? throw new InvalidOperationException(preview.QuerySelector("[role=alert]")?.TextContent ?? "sin formulario de confirmación");
        var values = form.QuerySelectorAll("input[type=hidden]").OfType<IHtmlInputElement>().ToDictionary(i => i.Name!, i => i.Value);
        using var confirm = await client.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(values));
        Assert.Equal(HttpStatusCode.Redirect, confirm.StatusCode);
        return (await client.GetDocumentAsync("/admin/poblacion")).QuerySelector("[role=status]")!.TextContent;
    }
}

public abstract class CoverageTestsOn<TWorld>(TWorld world) : IClassFixture<TWorld> where TWorld : class, IIndicatorWorld
{
    private ScariAppFactory App => world.App;

    private async Task<HttpClient> AdminAsync()
    {
        const string name = "admin.cobertura@scari.test";
        if (!await App.WithDbAsync(db => db.Users.AnyAsync(u => u.UserName == name))) await App.CreateUserAsync(name, Roles.Administrador);
        return await App.SignedInClientAsync(name);
    }

    private async Task<HttpClient> CoordinatorOfDependencia1Async()
    {
        const string name = "coord.cobertura.d1@scari.test";
        if (!await App.WithDbAsync(db => db.Users.AnyAsync(u => u.UserName == name)))
        {
            var user = await App.CreateUserAsync(name, Roles.Coordinador);
            await App.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.CoordinatedDependenciaId, world.World.Dependencia1)));
        }
        return await App.SignedInClientAsync(name);
    }

    /// <summary>The scenario's two dependencias: a first file in January, a correction of T-D1 alone in June (T-D2 keeps January's).</summary>
    private async Task ImportDependenciasAsync(HttpClient admin)
    {
        if (await App.WithDbAsync(db => db.PopulationBatches.AnyAsync(b => b.Kind == PopulationKind.Dependencias))) return;
        await PopulationClient.ImportAsync(admin, "codigo_dependencia;planta;contratistas\nT-D1;10;5\nT-D2;20;0\n", "2025-01-31", "Talento Humano, nómina de enero");
        await PopulationClient.ImportAsync(admin, "codigo_dependencia,planta,contratistas\nt-d1,8,2\n", "2025-06-30", "Talento Humano, nómina de junio");
    }

    /// <summary>The cells of a table as a sighted reader sees them (without the screen-reader-only text).</summary>
    private static List<string[]> Rows(IHtmlDocument doc, string table)
    {
        foreach (var hidden in doc.QuerySelectorAll(".visually-hidden").ToList()) hidden.Remove();
        return [.. doc.QuerySelectorAll($"[data-testid={table}] tbody tr").Select(tr => tr.Children.Select(c => c.TextContent.Trim()).ToArray())];
    }

    [Fact]
    public async Task The_preview_lists_every_problem_in_Spanish_and_imports_nothing()
    {
        using var admin = await AdminAsync();
        var doc = await PopulationClient.PreviewAsync(admin, """
            codigo_dependencia;planta;contratistas
            T-D1;10;5
            NO-EXISTE;3;1
            T-D2;doce;-1
            T-D1;1;1
            ;4;
            """, "2025-02-30", "");
        var problems = doc.QuerySelectorAll("tbody tr").Select(tr => tr.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray()).ToList();

        Assert.Contains(problems, p => p[0] == "—" && p[1] == "fecha" && p[2].Contains("no se entiende", StringComparison.Ordinal));
        Assert.Contains(problems, p => p[0] == "—" && p[1] == "fuente" && p[2].Contains("Falta la fuente", StringComparison.Ordinal));
        Assert.Contains(problems, p => p[0] == "3" && p[1] == "codigo_dependencia" && p[2].Contains("no hay ninguna dependencia con el código «NO-EXISTE»", StringComparison.Ordinal));
        Assert.Contains(problems, p => p[0] == "4" && p[1] == "planta" && p[2].Contains("no es un número entero («doce»)", StringComparison.Ordinal));
        Assert.Contains(problems, p => p[0] == "4" && p[1] == "contratistas" && p[2].Contains("no es un número entero («-1»)", StringComparison.Ordinal));
        Assert.Contains(problems, p => p[0] == "5" && p[2].Contains("repite la dependencia «T-D1» de la fila 2", StringComparison.Ordinal));
        Assert.Contains(problems, p => p[0] == "6" && p[1] == "codigo_dependencia" && p[2].Contains("no tiene código", StringComparison.Ordinal));
        Assert.Contains(problems, p => p[0] == "6" && p[1] == "contratistas" && p[2].Contains("no tiene contratistas", StringComparison.Ordinal));
        Assert.Contains("no se importó nada", doc.QuerySelector("[role=alert]")!.TextContent);
        Assert.Null(doc.QuerySelector("form[action*=Confirm]"));

        var header = await PopulationClient.PreviewAsync(admin, "codigo;personas\nT-D1;3\n", "2025-01-31", "Nómina");
        Assert.Contains("La primera fila no dice qué se importa", header.QuerySelector("tbody")!.TextContent);
        var future = await PopulationClient.PreviewAsync(admin, "codigo_colegio;grado;estudiantes\nT-C1;10;30\n", "2999-01-01", "SIMAT");
        Assert.Contains("es futura", future.QuerySelector("tbody")!.TextContent);
        Assert.False(await App.WithDbAsync(db => db.PopulationBatches.AnyAsync(b => b.AsOf == new DateOnly(2999, 1, 1))));
    }

    [Fact]
    public async Task An_excel_file_previews_as_the_same_rows_as_its_csv_and_a_formula_cell_is_refused()
    {
        using var admin = await AdminAsync();
        static string[][] Preview(IHtmlDocument doc) => [.. doc.QuerySelectorAll("tbody tr").Select(tr => tr.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray())];
        var csv = await PopulationClient.PreviewAsync(admin, "codigo_colegio;grado;estudiantes\nT-C1;10;30\nT-C1;11;25\nNO-EXISTE;9;4\n", "2025-03-31", "SIMAT");
        var xlsx = await PopulationClient.PreviewAsync(admin, Scari.Web.XlsxWriter.Write([new("Matrícula", ["codigo_colegio", "grado", "estudiantes"],
            [["T-C1", 10, 30], ["T-C1", 11, 25], ["NO-EXISTE", 9, 4]])]), "poblacion.xlsx", "2025-03-31", "SIMAT");
        Assert.NotEmpty(Preview(csv));
        Assert.Equal(Preview(csv), Preview(xlsx));
        Assert.Contains("no hay ningún colegio con el código «NO-EXISTE»", xlsx.QuerySelector("tbody")!.TextContent);

        // The writer neutralizes formulas, so the formula cell is written by hand: the reader never evaluates it.
        var formula = await PopulationClient.PreviewAsync(admin, XlsxWithFormula(), "poblacion.xlsx", "2025-03-31", "SIMAT");
        Assert.Contains("fórmula", formula.QuerySelector("tbody")!.TextContent);
        Assert.Null(formula.QuerySelector("form[action*=Confirm]"));
    }

    private static byte[] XlsxWithFormula()
    {
        using var buffer = new MemoryStream();
        buffer.Write(Scari.Web.XlsxWriter.Write([new("Matrícula", ["codigo_colegio", "grado", "estudiantes"], [["T-C1", 10, 30]])]));
        using (var doc = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(buffer, true))
        {
            var sheet = doc.WorkbookPart!.WorksheetParts.First().Worksheet;
            var cell = sheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Cell>().Last();
            cell.RemoveAllChildren();
            cell.DataType = null;
            cell.Append(new DocumentFormat.OpenXml.Spreadsheet.CellFormula("10+20"), new DocumentFormat.OpenXml.Spreadsheet.CellValue("30"));
            sheet.Save();
        }
        return buffer.ToArray();
    }

    [Fact]
    public async Task Coverage_divides_the_people_counted_in_each_dependencia_by_the_latest_headcount_on_or_before_the_cut_off()
    {
        using var admin = await AdminAsync();
        await ImportDependenciasAsync(admin);

        // 2025-12-31: T-D1 counts Hugo, Ana and Iris (two of planta, Hugo without vínculo) of 8 + 2 (June's file);
        // T-D2 counts Carla (planta), Juan and Dario (contratistas) of 20 + 0 (January's file).
        var doc = await admin.GetDocumentAsync("/admin/indicadores/funcionarios-tic?corte=2025-12-31");
        var rows = Rows(doc, "tabla-cobertura");
        Assert.Equal(["Secretaría de Prueba Uno", "3", "10", "30,0 %", "2 de 8 (25,0 %)", "0 de 2 (0,0 %)"], rows[0][..6]);
        Assert.Contains("30 de junio de 2025 · Talento Humano, nómina de junio", rows[0][6]);
        Assert.Equal(["Secretaría de Prueba Dos", "3", "20", "15,0 %", "1 de 20 (5,0 %)", "2 (sin población)"], rows[1][..6]);
        Assert.Contains("31 de enero de 2025 · Talento Humano, nómina de enero", rows[1][6]);
        var total = doc.QuerySelector("[data-testid=cobertura-total]")!.TextContent;
        Assert.Contains("20,0 %", total); // 6 of 30
        Assert.Contains("del 31 de enero de 2025 al 30 de junio de 2025", total);
        var chart = doc.QuerySelector("svg.coverage-chart")!;
        Assert.NotNull(chart.QuerySelector("title"));
        Assert.Contains("30,0 %", chart.TextContent);

        // 2025-03-31: Hugo, Ana, Iris in T-D1 against January's 15; nobody yet in T-D2.
        var march = Rows(await admin.GetDocumentAsync("/admin/indicadores/funcionarios-tic?corte=2025-03-31"), "tabla-cobertura");
        Assert.Equal(["Secretaría de Prueba Uno", "3", "15", "20,0 %"], march[0][..4]);
        Assert.Equal(["Secretaría de Prueba Dos", "0", "20", "0,0 %"], march[1][..4]);

        // Before any file: no population, and the page says so.
        var before = await admin.GetDocumentAsync("/admin/indicadores/funcionarios-tic?corte=2024-12-31");
        Assert.Contains("Todavía no hay cifras de población", before.QuerySelector("#cobertura")!.ParentElement!.TextContent);

        // The trained number drills down to the people of the dependencia.
        var link = doc.QuerySelector("[data-testid=tabla-cobertura] tbody tr td a")!.GetAttribute("href")!;
        var people = await admin.GetDocumentAsync(link);
        Assert.Contains("Prueba Ana", people.Body!.TextContent);
        Assert.DoesNotContain("Prueba Juan", people.Body!.TextContent);
    }

    [Fact]
    public async Task The_coverage_table_sorts_by_each_column_both_ways()
    {
        using var admin = await AdminAsync();
        await ImportDependenciasAsync(admin);
        async Task<string[]> Names(string query) =>
            [.. Rows(await admin.GetDocumentAsync("/admin/indicadores/funcionarios-tic?corte=2025-12-31" + query), "tabla-cobertura").Select(r => r[0])];
        Assert.Equal(["Secretaría de Prueba Uno", "Secretaría de Prueba Dos"], await Names(""));                       // coverage, highest first
        Assert.Equal(["Secretaría de Prueba Dos", "Secretaría de Prueba Uno"], await Names("&orden=cobertura&dir=asc"));
        Assert.Equal(["Secretaría de Prueba Dos", "Secretaría de Prueba Uno"], await Names("&orden=nombre"));         // Dos < Uno
        Assert.Equal(["Secretaría de Prueba Dos", "Secretaría de Prueba Uno"], await Names("&orden=poblacion"));      // 20 before 10
        var doc = await admin.GetDocumentAsync("/admin/indicadores/funcionarios-tic?corte=2025-12-31&orden=poblacion");
        Assert.Equal("descending", doc.QuerySelector("th[aria-sort]")!.GetAttribute("aria-sort"));
    }

    [Fact]
    public async Task Colegios_enrolment_by_grade_gives_student_coverage_and_the_unit_page_shows_date_source_and_grades()
    {
        using var admin = await AdminAsync();
        if (!await App.WithDbAsync(db => db.PopulationBatches.AnyAsync(b => b.Kind == PopulationKind.Colegios)))
        {
            var notice = await PopulationClient.ImportAsync(admin, "codigo_colegio;grado;estudiantes\nT-C1;10°;12\nT-C1;11;8\nT-C2;transicion;5\n", "2025-02-28", "SIMAT, matrícula a febrero");
            Assert.Contains("3 fila(s), 25 personas", notice);
            // The same file, date and source again changes nothing.
            Assert.Contains("ya estaba importado", await PopulationClient.ImportAsync(admin, "codigo_colegio;grado;estudiantes\nT-C1;10°;12\nT-C1;11;8\nT-C2;transicion;5\n", "2025-02-28", "SIMAT, matrícula a febrero"));
            Assert.Equal(1, await App.WithDbAsync(db => db.PopulationBatches.CountAsync(b => b.Kind == PopulationKind.Colegios)));
        }
        var rows = Rows(await admin.GetDocumentAsync("/admin/indicadores/jovenes-4r?corte=2025-12-31&orden=nombre"), "tabla-cobertura");
        Assert.Equal(["Colegio de Prueba Dos", "1", "5", "20,0 %"], rows[0][..4]);   // Mateo
        Assert.Equal(["Colegio de Prueba Uno", "1", "20", "5,0 %"], rows[1][..4]);   // Gina

        var unit = await admin.GetDocumentAsync($"/admin/cobertura/colegios/{world.World.Colegio1}?corte=2025-12-31");
        Assert.Contains("20 estudiantes matriculados según «SIMAT, matrícula a febrero», cifras al 28 de febrero de 2025", unit.QuerySelector("[data-testid=poblacion]")!.TextContent);
        var grades = unit.QuerySelectorAll("#poblacion ~ .table-wrap table tbody tr").Select(tr => tr.TextContent.Trim()).ToList();
        Assert.Equal(2, grades.Count);
        Assert.StartsWith("10", grades[0]);
        var coverage = Rows(unit, "cobertura-unidad");
        Assert.Equal(["1", "20", "5,0 %"], coverage[0][1..4]);
    }

    [Fact]
    public async Task The_unit_page_keeps_the_history_and_a_coordinator_sees_only_their_own_dependencia()
    {
        using var admin = await AdminAsync();
        await ImportDependenciasAsync(admin);
        var unit = await admin.GetDocumentAsync($"/admin/cobertura/dependencias/{world.World.Dependencia1}?corte=2025-12-31");
        Assert.Contains("10 servidores según «Talento Humano, nómina de junio»", unit.QuerySelector("[data-testid=poblacion]")!.TextContent);
        var history = unit.QuerySelectorAll("#historial ~ .table-wrap table tbody tr").Select(tr => tr.TextContent).ToList();
        Assert.Equal(2, history.Count);
        Assert.Contains("nómina de junio", history[0]);
        Assert.Contains("nómina de enero", history[1]);
        var coverage = Rows(unit, "cobertura-unidad");
        Assert.Equal(["3", "10", "30,0 %"], coverage[0][1..4]);
        var earlier = await admin.GetDocumentAsync($"/admin/cobertura/dependencias/{world.World.Dependencia1}?corte=2025-03-31");
        Assert.Contains("15 servidores", earlier.QuerySelector("[data-testid=poblacion]")!.TextContent);

        using var coordinator = await CoordinatorOfDependencia1Async();
        Assert.Equal(HttpStatusCode.OK, (await coordinator.GetAsync($"/admin/cobertura/dependencias/{world.World.Dependencia1}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.GetAsync($"/admin/cobertura/dependencias/{world.World.Dependencia2}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.GetAsync($"/admin/cobertura/colegios/{world.World.Colegio1}")).StatusCode);
        var dashboard = Rows(await coordinator.GetDocumentAsync("/admin/indicadores/funcionarios-tic?corte=2025-12-31"), "tabla-cobertura");
        Assert.Equal(["Secretaría de Prueba Uno"], dashboard.Select(r => r[0]));
        // Importing population is for administrators.
        using var page = await coordinator.GetAsync("/admin/poblacion");
        Assert.NotEqual(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task The_pace_of_the_last_six_months_is_projected_to_the_year_and_period_targets_with_its_method()
    {
        using var admin = await AdminAsync();
        // 2025-12-31: 6 people; July to December brought only Dario (1 in 6 months). Targets: 100 (2024) + 200 (2025), 600 in the period.
        var doc = await admin.GetDocumentAsync("/admin/indicadores/funcionarios-tic?corte=2025-12-31");
        var lines = doc.QuerySelectorAll("[data-testid=proyeccion]").Select(li => li.TextContent.Trim()).ToList();
        Assert.Equal(
        [
            "Meta acumulada a 2025 (300 personas): Faltarían 294 personas al cierre de 2025 (31 de diciembre de 2025).",
            "Meta del periodo (600 personas): Faltarían 590 personas al cierre del periodo (31 de diciembre de 2027).",
        ], lines);
        Assert.Equal("Método: promedio de personas nuevas por mes en los 6 meses completos hasta el corte (julio de 2025 a diciembre de 2025: 1 persona, 0,2 por mes), "
            + "proyectado igual en cada uno de los 24 meses completos que faltan hasta el 31 de diciembre de 2027.", doc.QuerySelector("[data-testid=metodo]")!.TextContent.Trim());
        var chart = doc.QuerySelector("svg.monthly-chart")!;
        Assert.NotNull(chart.QuerySelector("title"));
        Assert.Contains("marzo de 2025", chart.QuerySelector("desc")!.TextContent); // the busiest month: Ana and Iris
        Assert.Equal(5, chart.QuerySelectorAll("rect").Length - 1);                 // Feb, Mar, Apr, May, Jul (+ the legend's box)

        // Before a month of the period is complete there is no pace to project.
        var early = await admin.GetDocumentAsync("/admin/indicadores/funcionarios-tic?corte=2024-01-20");
        Assert.Contains("no hay ritmo que proyectar", early.QuerySelector("#ritmo")!.ParentElement!.TextContent);
    }
}
