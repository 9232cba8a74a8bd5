using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Scari.Testing;
using Scari.Web.Features.Accounts;

namespace Scari.BrowserTests;

/// <summary>
/// A new administrator loads a fresh instance from spreadsheets only, through the pages, up to a published cut-off:
/// the staff file (with dependencias the catalogue does not know, mapped and created in the preview), then an
/// attendance sheet (one session, a name to accept, a person it registers itself), then the history of training given
/// before SCARI (tests/fixtures/history/primera-carga.csv: a course on another platform, the external workshop, a row after
/// the cut-off), and the cut-off counts the person known only from that history; last, a certificate asked for that
/// history carries its year and says it records training given elsewhere. Nothing is written to the
/// database by the test but the administrator's account (the class has a database of its own, <see cref="KestrelApp"/>).
/// </summary>
public sealed class FirstLoadTests(Browser browser, KestrelApp app) : IClassFixture<KestrelApp>
{
    private static FilePayload Csv(string name, string text) =>
        new() { Name = name, MimeType = "text/csv", Buffer = [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)] };

    [Fact]
    public async Task A_new_administrator_loads_people_attendance_and_history_from_CSV_files_and_publishes_a_cut_off()
    {
        await app.App.CreateUserAsync("admin.primera.carga@scari.test", Roles.Administrador);
        var page = await browser.NewPageAsync(app.App.ServerAddress);
        await page.SignInAsync("admin.primera.carga@scari.test");

        // 1. People: "Hacienda" is the catalogue's Secretaría de Hacienda Distrital; the Oficina de Innovación Urbana is new.
        await page.GotoAsync("/admin/importar");
        await page.GetByLabel("Archivo CSV o Excel (.xlsx)").SetInputFilesAsync(Csv("funcionarios.csv", """
            tipo_documento;numero_documento;nombres;apellidos;correo;publico;dependencia;vinculo;cargo
            CC;81000001;Ana María;Rojas Díaz;;servidor;Hacienda;planta;Profesional universitario
            CC;81000002;Bernardo;Salas;;servidor;HACIENDA;contratista;Apoyo a la gestión
            CC;81000003;Carmen;Uribe Paz;;servidor;Oficina de Innovación Urbana;planta;Jefe de oficina
            CC;81000004;Diego;Vélez;;servidor;SHAC;planta;Técnico operativo
            CC;81000006;Fabiola;Quintero;;servidor;SHAC;contratista;Apoyo a la supervisión
            """));
        await page.GetByRole(AriaRole.Button, new() { Name = "Revisar el archivo" }).ClickAsync();
        var missing = page.Locator(".import-missing-units legend");
        await Assertions.Expect(missing).ToHaveTextAsync(["Dependencia «Hacienda»: 2 filas 2–3", "Dependencia «Oficina de Innovación Urbana»: fila 4"]);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Confirmar la importación" })).ToHaveCountAsync(0);
        // The near match comes chosen; the new one is created with the proposed code.
        await Assertions.Expect(page.Locator("#unidad-0 option:checked")).ToHaveTextAsync("Secretaría de Hacienda Distrital (SHAC)");
        await page.Locator("#unidad-1").SelectOptionAsync(new SelectOptionValue { Value = "nueva" });
        await Assertions.Expect(page.Locator("#codigo-1")).ToHaveValueAsync(new Regex("^[A-Z0-9]+$"));
        await page.AssertAccessibleAsync("primera-carga-unidades");
        await page.GetByRole(AriaRole.Button, new() { Name = "Guardar las correspondencias y revisar de nuevo" }).ClickAsync();
        await Assertions.Expect(page.Locator(".import-aliases tbody tr")).ToHaveCountAsync(1); // «Hacienda», 2 rows; the new entry is known by its own name
        await Assertions.Expect(page.GetByText("El archivo no tiene problemas")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirmar la importación" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Importación terminada: 5 personas nuevas")).ToBeVisibleAsync();

        // 2. Attendance: one external activity, one session; one name differs from the registered one; one person is new.
        await page.GotoAsync("/admin/formacion-presencial/importar");
        await page.GetByLabel("Archivo CSV o Excel (.xlsx)").SetInputFilesAsync(Csv("asistencia.csv", """
            tipo_documento;numero_documento;nombres;apellidos;fecha;actividad;horas;publico;dependencia;vinculo;cargo
            CC;81000001;ANA MARIA;Rojas;2025-03-10;Taller de datos abiertos;4;;;;
            CC;81000002;Bernardo;Salas;2025-03-10;Taller de datos abiertos;4;;;;
            CC;81000003;Camila;Uribe;2025-03-10;Taller de datos abiertos;4;;;;
            CC;81000004;Diego;Vélez;10/03/2025;Taller de datos abiertos;4;;;;
            CC;81000005;Elena;Mar;2025-03-10;Taller de datos abiertos;4;servidor;Hacienda;contratista;Apoyo jurídico
            """));
        await page.GetByRole(AriaRole.Button, new() { Name = "Revisar el archivo" }).ClickAsync();
        await Assertions.Expect(page.Locator("#revision + p")).ToContainTextAsync("5 filas en 1 sesión, y registra 1 persona nueva");
        await Assertions.Expect(page.Locator(".import-warnings tbody tr")).ToHaveCountAsync(1); // Camila, registered as Carmen
        await page.GetByRole(AriaRole.Checkbox, new() { NameRegex = new Regex("^Acepto la fila cuyo nombre no coincide") }).CheckAsync();
        await page.GetByLabel("Indicador para el que cuentan las actividades nuevas").SelectOptionAsync(new SelectOptionValue { Value = "funcionarios-tic" });
        await page.AssertAccessibleAsync("primera-carga-asistencia");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirmar la importación" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Lista importada: 1 sesión(es) nueva(s), 5 asistencia(s) y 5 finalización(es) registradas, y 1 persona(s) nuevas.")).ToBeVisibleAsync();

        // 3. History: Fabiola trained on the entity's former platform in 2024 (she is in no attendance sheet), Ana María took
        // the same workshop earlier from an external provider, Carmen finished a course after the cut-off.
        await page.GotoAsync("/admin/importar/historial");
        await page.GetByLabel("Archivo CSV o Excel (.xlsx)").SetInputFilesAsync(new FilePayload
        {
            Name = "primera-carga.csv", MimeType = "text/csv",
            Buffer = File.ReadAllBytes(Path.Combine(RepoPaths.Root, "tests", "fixtures", "history", "primera-carga.csv")),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Revisar el archivo" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=nuevos]")).ToHaveTextAsync("3");
        await Assertions.Expect(page.Locator("table tbody tr").Filter(new() { HasText = "Quintero, Fabiola" })).ToContainTextAsync("20 de noviembre de 2024");
        await page.AssertAccessibleAsync("primera-carga-historial");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirmar la importación" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Historial importado: 3 registro(s) nuevo(s).")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("table[aria-labelledby=historial] tbody tr")).ToContainTextAsync("primera-carga.csv");

        // 4. The cut-off of 31 March 2025, previewed and published: the five of the workshop and Fabiola, from her history
        // (seven completions: the workshop's five, Fabiola's course and Ana María's earlier workshop; Carmen's April course waits).
        await page.GotoAsync("/admin/indicadores/cortes");
        await page.GetByLabel("Indicador", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Value = "funcionarios-tic" });
        await page.GetByLabel("Fecha de corte").FillAsync("2025-03-31");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ver la vista previa" }).ClickAsync();
        await Assertions.Expect(page.GetByText(new Regex(@"^6 personas \(7 finalizaciones\)"))).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Publicar este corte" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/indicadores/cortes/[0-9]+$"));
        await Assertions.Expect(page.GetByText(new Regex("^Corte publicado. Su huella SHA-256 es [0-9a-f]{64}"))).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".big-number").First).ToHaveTextAsync(new Regex(@"^\s*6\s+de\s"));
        await page.AssertAccessibleAsync("primera-carga-corte");

        // 5. Fabiola asks for a certificate of her 2024 course: the administrator issues it from the record's page; it is
        // coded with 2024, keeps the original date and says the training was given elsewhere, as /verificar shows.
        await page.GotoAsync("/admin/personas?q=81000006");
        await page.Locator("main table a[href^='/admin/personas/']").Filter(new() { HasText = "Fabiola" }).ClickAsync();
        await page.Locator("table[aria-labelledby=formacion] a[href^='/admin/finalizaciones/']").First.ClickAsync();
        await Assertions.Expect(page.Locator("dl.facts")).ToContainTextAsync("En línea · Importado (historial)");
        await Assertions.Expect(page.Locator("dl.facts")).ToContainTextAsync("20 de noviembre de 2024");
        await page.GetByRole(AriaRole.Button, new() { Name = "Emitir certificado" }).ClickAsync();
        await Assertions.Expect(page.GetByText(new Regex(@"^Certificado SCARI-2024-\S+ emitido con la fecha del registro \(20 de noviembre de 2024\)"))).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Emitir certificado" })).ToHaveCountAsync(0);
        await page.AssertAccessibleAsync("primera-carga-certificado-historial");
        var code = (await page.Locator("[data-testid=certificado]").InnerTextAsync()).Trim();
        Assert.StartsWith("SCARI-2024-", code);
        await page.GotoAsync($"/verificar/{code}");
        await Assertions.Expect(page.Locator("#estado")).ToHaveTextAsync("Válido");
        await Assertions.Expect(page.Locator("[data-testid=procedencia]")).ToHaveTextAsync(
            "Formación impartida en otro lugar (registro histórico importado por SCARI); certificado del otro sistema: MOODLE-2024-0311.");
    }
}
