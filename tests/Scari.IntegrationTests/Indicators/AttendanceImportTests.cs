using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Scari.Testing;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Indicators;
using Scari.Web.Features.Learning;
using Scari.Web.Features.People;

namespace Scari.IntegrationTests.Indicators;

/// <summary>In-person attendance: the CSV import through its pages (preview, confirm) and the attendance page, on both providers.</summary>
public sealed class AttendanceImportTests(PostgresApp fixture) : AttendanceImportTestsOn<PostgresApp>(fixture);

public sealed class SqliteAttendanceImportTests(SqliteApp fixture) : AttendanceImportTestsOn<SqliteApp>(fixture);

public static class AttendanceImportClient
{
    public static async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] file)
    {
        var page = await client.GetDocumentAsync("/admin/formacion-presencial/importar");
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(file), "Archivo", "asistencia.csv" },
        };
        return await client.PostAsync("/admin/formacion-presencial/importar?handler=Preview", form);
    }
}

public abstract class AttendanceImportTestsOn<TApp>(TApp fixture) : IClassFixture<TApp> where TApp : class, IAppFixture
{
    private ScariAppFactory App => fixture.App;

    private async Task<int> PersonAsync(DocumentType type, string number, string given, Audience audience = Audience.Staff) =>
        await App.WithDbAsync(async db =>
        {
            var existing = await db.People.Where(p => p.DocumentType == type && p.DocumentNumber == number).Select(p => p.Id).FirstOrDefaultAsync();
            if (existing != 0) return existing;
            var p = new Person { DocumentType = type, DocumentNumber = number, GivenNames = given, FamilyNames = "Asistente", Audience = audience, CreatedUtc = DateTime.UtcNow };
            db.People.Add(p);
            await db.SaveChangesAsync();
            return p.Id;
        });

    private async Task<HttpClient> TutorAsync()
    {
        const string name = "tutora.presencial@scari.test";
        if (!await App.WithDbAsync(db => db.Users.AnyAsync(u => u.UserName == name))) await App.CreateUserAsync(name, Roles.Tutor);
        return await App.SignedInClientAsync(name);
    }

    [Fact]
    public async Task The_preview_lists_every_rows_problems_in_Spanish_and_imports_nothing()
    {
        await PersonAsync(DocumentType.CC, "5550001", "Conocida");
        using var client = await TutorAsync();
        var csv = """
            tipo_documento;numero_documento;nombres;apellidos;fecha;actividad;horas
            CC;5550001;Conocida;Asistente;2025-06-10;Taller de datos abiertos;4
            CC;55A0002;Letras;Asistente;2025-06-10;Taller de datos abiertos;4
            XX;5550003;Tipo;Malo;2025-06-10;Taller de datos abiertos;4
            CC;5559999;Desconocida;Asistente;10/06/2025;Taller de datos abiertos;4
            CC;5550001;Conocida;Asistente;2025-13-40;;cuatro
            CC;5550001;Conocida;Asistente;2025-06-10;Taller de datos abiertos;4
            """;
        using var response = await AttendanceImportClient.UploadAsync(client, Encoding.UTF8.GetBytes(csv));
        var doc = FormPosting.Parse(await response.Content.ReadAsStringAsync());
        var problems = doc.QuerySelectorAll("tbody tr").Select(tr => tr.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray()).ToList();

        Assert.Contains(problems, p => p[0] == "3" && p[1] == "numero_documento" && p[2].Contains("número de documento con letras: escriba solo dígitos", StringComparison.Ordinal));
        Assert.Contains(problems, p => p[0] == "4" && p[1] == "tipo_documento" && p[2].Contains("tipo de documento desconocido", StringComparison.Ordinal));
        Assert.DoesNotContain(problems, p => p[0] == "5"); // an unknown person is listed apart, once the file has no problems
        Assert.Contains(problems, p => p[0] == "6" && p[1] == "fecha");
        Assert.Contains(problems, p => p[0] == "6" && p[1] == "actividad");
        Assert.Contains(problems, p => p[0] == "6" && p[1] == "horas" && p[2].Contains("número entero entre 1 y 200", StringComparison.Ordinal));
        Assert.Contains(problems, p => p[0] == "7" && p[2].Contains("repite a la persona de la fila 2", StringComparison.Ordinal));
        Assert.Contains("no se importó nada", doc.QuerySelector("[role=alert]")!.TextContent);
        Assert.Null(doc.QuerySelector("form[action*=Confirm]"));
        Assert.Equal(0, await App.WithDbAsync(db => db.Completions.CountAsync(c => c.CourseId == "actividad-taller-de-datos-abiertos")));
        Assert.False(await App.WithDbAsync(db => db.People.AnyAsync(p => p.DocumentNumber == "5559999"))); // never created
    }

    [Fact]
    public async Task A_confirmed_Windows_1252_list_creates_in_person_completions_once_even_when_imported_again()
    {
        var ana = await PersonAsync(DocumentType.CC, "5560001", "Ana");
        var ivan = await PersonAsync(DocumentType.TI, "1099000001", "Iván", Audience.Student);
        using var client = await TutorAsync();
        // Windows-1252 with commas, as an older spreadsheet saves it.
        var csv = "tipo_documento,numero_documento,nombres,apellidos,fecha,actividad,horas\r\n" +
                  "CC,5560001,Ana,Núñez,2025-06-11,Taller de señales,3\r\n" +
                  "TI,1.099.000.001,Iván,Peña,11/06/2025,Taller de señales,3\r\n";
        var bytes = Encoding.Latin1.GetBytes(csv);

        for (var round = 1; round <= 2; round++)
        {
            using var preview = await AttendanceImportClient.UploadAsync(client, bytes);
            var doc = FormPosting.Parse(await preview.Content.ReadAsStringAsync());
            Assert.Contains("Peña", doc.Body!.TextContent); // read as Windows-1252
            // Registered as «Asistente»: both names differ, and the list is imported only once that is accepted.
            Assert.Equal(["2", "3"], doc.QuerySelectorAll(".import-warnings tbody tr td:first-child").Select(td => td.TextContent.Trim()));
            using (var refused = await ConfirmAsync(client, doc, accept: false))
                Assert.Contains("marque la casilla para aceptarlas", await refused.Content.ReadAsStringAsync());
            Assert.Equal(round == 1 ? 0 : 2, await App.WithDbAsync(db => db.Completions.CountAsync(c => c.CourseId == "actividad-taller-de-senales")));
            using var confirm = await ConfirmAsync(client, doc, accept: true);
            Assert.Equal(HttpStatusCode.Redirect, confirm.StatusCode);
            var notice = (await client.GetDocumentAsync("/admin/formacion-presencial")).QuerySelector("[role=status]")!.TextContent;
            Assert.Contains(round == 1 ? "2 asistencia(s) y 2 finalización(es)" : "ya estaba importada: no cambió nada", notice);
        }

        var completions = await App.WithDbAsync(db => db.Completions.Where(c => c.CourseId == "actividad-taller-de-senales")
            .Select(c => new { c.PersonId, c.Source, c.Hours, c.CompletedUtc }).ToListAsync());
        Assert.Equal(2, completions.Count);
        Assert.All(completions, c => Assert.Equal(CompletionSource.InPerson, c.Source));
        Assert.All(completions, c => Assert.Equal(3, c.Hours));
        Assert.Equal([ana, ivan], completions.Select(c => c.PersonId).Order());
        Assert.All(completions, c => Assert.Equal(new DateOnly(2025, 6, 11), DateOnly.FromDateTime(Scari.Web.Bogota.ToLocal(c.CompletedUtc))));
        Assert.Equal(1, await App.WithDbAsync(db => db.TrainingSessions.CountAsync(s => s.ActivityKey == "actividad-taller-de-senales")));
        Assert.Equal(2, await App.WithDbAsync(db => db.Attendances.CountAsync(a => a.Session.ActivityKey == "actividad-taller-de-senales" && a.Completed)));
        Assert.True(await App.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "attendance.imported")));
    }

    private static async Task<HttpResponseMessage> ConfirmAsync(HttpClient client, AngleSharp.Html.Dom.IHtmlDocument preview, bool accept = false)
    {
        var form = preview.QuerySelector("form[action*=Confirm]") ?? throw new InvalidOperationException(preview.QuerySelector("main")?.TextContent);
        var values = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
            ["Contenido"] = form.QuerySelector("input[name=Contenido]")!.GetAttribute("value")!,
            ["Indicador"] = "funcionarios-tic",
            ["Tutor"] = "Tutora Presencial",
        };
        if (accept) values["AceptarAvisos"] = "true";
        if (form.QuerySelector("input[name=NombreArchivo]")?.GetAttribute("value") is { Length: > 0 } name) values["NombreArchivo"] = name;
        return await client.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(values));
    }

    private async Task<HttpClient> AdminAsync(string name)
    {
        if (!await App.WithDbAsync(db => db.Users.AnyAsync(u => u.UserName == name))) await App.CreateUserAsync(name, Roles.Administrador);
        return await App.SignedInClientAsync(name);
    }

    private static async Task<AngleSharp.Html.Dom.IHtmlDocument> PreviewAsync(HttpClient client, string csv)
    {
        using var response = await AttendanceImportClient.UploadAsync(client, Encoding.UTF8.GetBytes(csv));
        return FormPosting.Parse(await response.Content.ReadAsStringAsync());
    }

    private static List<string[]> Problems(AngleSharp.Html.Dom.IHtmlDocument doc) =>
        doc.QuerySelectorAll(".import-problems tbody tr").Select(tr => tr.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray()).ToList();

    [Fact]
    public async Task Rows_of_one_activity_and_date_make_one_session_with_the_course_hours_and_importing_again_adds_nothing()
    {
        var course = await App.WithDbAsync(db => db.CourseVersions.Where(v => v.IsCurrent && v.Hours > 0 && v.Audience != Audience.Student)
            .OrderBy(v => v.CourseId).Select(v => new { v.CourseId, v.Hours }).FirstAsync());
        foreach (var n in new[] { "5571001", "5571002", "5571003" }) await PersonAsync(DocumentType.CC, n, "Grupo");
        using var admin = await AdminAsync("admin.grupos@scari.test");
        // No «horas» column: a catalogue course brings its own.
        var csv = $"""
            tipo_documento;numero_documento;nombres;apellidos;fecha;actividad
            CC;5571001;Grupo;Asistente;2025-07-01;{course.CourseId}
            CC;5571002;GRUPO;asistente;2025-07-01;{course.CourseId}
            CC;5571003;Grupo;Asistente;01/07/2025;{course.CourseId}
            CC;5571001;Grupo;Asistente;2025-07-02;{course.CourseId}
            """;
        for (var round = 1; round <= 2; round++)
        {
            var doc = await PreviewAsync(admin, csv);
            Assert.Contains("4 filas en 2 sesiones", doc.QuerySelector("#revision + p")!.TextContent);
            Assert.Null(doc.QuerySelector(".import-warnings"));
            using var confirm = await ConfirmAsync(admin, doc);
            Assert.Equal(HttpStatusCode.Redirect, confirm.StatusCode);
        }
        var sessions = await App.WithDbAsync(db => db.TrainingSessions.Where(s => s.ActivityKey == course.CourseId && (s.Date == new DateOnly(2025, 7, 1) || s.Date == new DateOnly(2025, 7, 2)))
            .Select(s => new { s.Date, s.Hours, People = db.Attendances.Count(a => a.SessionId == s.Id && a.Completed) }).OrderBy(s => s.Date).ToListAsync());
        Assert.Equal([(new DateOnly(2025, 7, 1), course.Hours, 3), (new DateOnly(2025, 7, 2), course.Hours, 1)], sessions.Select(s => (s.Date, s.Hours, s.People)));
        Assert.Equal(4, await App.WithDbAsync(db => db.Completions.CountAsync(c => c.CourseId == course.CourseId && c.Person.DocumentNumber.StartsWith("557100") && c.Hours == course.Hours)));
    }

    [Fact]
    public async Task An_external_activity_needs_its_hours_and_one_session_has_one_number_of_hours()
    {
        foreach (var n in new[] { "5580001", "5580002", "5580003" }) await PersonAsync(DocumentType.CC, n, "Horas");
        using var admin = await AdminAsync("admin.horas@scari.test");
        var doc = await PreviewAsync(admin, """
            tipo_documento;numero_documento;nombres;apellidos;fecha;actividad;horas
            CC;5580001;Horas;Asistente;2025-07-03;Charla sin horas;
            CC;5580002;Horas;Asistente;2025-07-03;Taller con horas;3
            CC;5580003;Horas;Asistente;2025-07-03;Taller con horas;4
            """);
        var problems = Problems(doc);
        Assert.Contains(problems, p => p[0] == "2" && p[1] == "horas" && p[2].Contains("no tiene horas y «Charla sin horas» no es un curso del catálogo", StringComparison.Ordinal));
        Assert.Contains(problems, p => p[0] == "4" && p[1] == "horas" && p[2].Contains("dice 4 horas y la fila 3 dice 3", StringComparison.Ordinal));
        Assert.Null(doc.QuerySelector("form[action*=Confirm]"));
        Assert.False(await App.WithDbAsync(db => db.TrainingSessions.AnyAsync(s => s.Name == "Taller con horas")));
    }

    [Fact]
    public async Task People_nobody_registered_are_listed_once_and_downloaded_as_a_people_file()
    {
        await PersonAsync(DocumentType.CC, "5590001", "Conocido");
        using var admin = await AdminAsync("admin.desconocidos@scari.test");
        var doc = await PreviewAsync(admin, """
            tipo_documento;numero_documento;nombres;apellidos;fecha;actividad;horas
            CC;5590001;Conocido;Asistente;2025-07-04;Taller de ciudad;2
            CC;5590002;Nueva;Persona Uno;2025-07-04;Taller de ciudad;2
            TI;1099590003;Joven;Nuevo;2025-07-04;Taller de ciudad;2
            CC;5590002;Nueva;Persona Uno;2025-07-05;Taller de ciudad;2
            """);
        Assert.Empty(Problems(doc));
        Assert.Null(doc.QuerySelector("form[action*=Confirm]")); // nothing is imported while someone is unknown
        var unknown = doc.QuerySelectorAll(".attendance-unknown-people tbody tr").Select(tr => string.Join(" | ", tr.QuerySelectorAll("td").Select(td => td.TextContent.Trim()))).ToList();
        Assert.Equal(["CC 5590002 | Nueva Persona Uno | 3, 5", "TI 1099590003 | Joven Nuevo | 4"], unknown);

        var form = doc.QuerySelector(".attendance-unknown-people form")!;
        using var download = await admin.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
            ["Contenido"] = form.QuerySelector("input[name=Contenido]")!.GetAttribute("value")!,
        }));
        Assert.Equal("text/csv", download.Content.Headers.ContentType!.MediaType);
        var lines = (await download.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(';', Scari.Web.Features.People.Import.ImportFile.KnownColumns), lines[0]);
        Assert.Equal(["CC;5590002;Nueva;Persona Uno", "TI;1099590003;Joven;Nuevo"], lines[1..].Select(l => string.Join(';', l.Split(';')[..4])));
        Assert.All(lines, l => Assert.Equal(Scari.Web.Features.People.Import.ImportFile.KnownColumns.Count - 1, l.Count(c => c == ';')));
        Assert.False(await App.WithDbAsync(db => db.People.AnyAsync(p => p.DocumentNumber == "5590002")));
        Assert.False(await App.WithDbAsync(db => db.TrainingSessions.AnyAsync(s => s.Name == "Taller de ciudad")));
    }

    [Fact]
    public async Task A_sheet_with_the_people_columns_registers_the_people_it_does_not_know_with_the_people_import_rules()
    {
        using var admin = await AdminAsync("admin.registra@scari.test");
        const string header = "tipo_documento;numero_documento;nombres;apellidos;fecha;actividad;horas;publico;dependencia;vinculo;cargo;colegio;grado;fecha_nacimiento";
        var bad = await PreviewAsync(admin, header + "\n" + string.Join("\n",
            "CC;5600001;Nora;Nueva;2025-07-06;Taller de registro;2;servidor;SHAC;planta;Técnica;;;",
            "CC;5600002;Otto;Nuevo;2025-07-06;Taller de registro;2;servidor;SHAC;fijo;Técnico;;;",
            "CC;5600003;Pia;Nueva;2025-07-06;Taller de registro;2;servidor;Secretaría de Marte;planta;Técnica;;;"));
        var problems = Problems(bad);
        Assert.Contains(problems, p => p[0] == "3" && p[1] == "vinculo" && p[2].Contains("El vínculo «fijo» no se reconoce", StringComparison.Ordinal));
        Assert.Contains(problems, p => p[0] == "4" && p[1] == "dependencia" && p[2].Contains("«Secretaría de Marte», que no está en el catálogo", StringComparison.Ordinal));
        Assert.False(await App.WithDbAsync(db => db.People.AnyAsync(p => p.DocumentNumber == "5600001")));

        var ie001 = await App.WithDbAsync(db => db.Colegios.Where(c => c.Code == "IE001").Select(c => c.Id).SingleAsync());
        var doc = await PreviewAsync(admin, header + "\n" + string.Join("\n",
            "CC;5600001;Nora;Nueva;2025-07-06;Taller de registro;2;servidor;SHAC;planta;Técnica;;;",
            "CC;1099600002;Quina;Nueva;2025-07-06;Taller de registro;2;estudiante;;;;IE001;11;2005-01-20",
            "CC;5600001;Nora;Nueva;2025-07-07;Taller de registro;2;servidor;SHAC;planta;Técnica;;;"));
        Assert.Contains("registra 2 personas nuevas", doc.QuerySelector("#revision + p")!.TextContent);
        using (var confirm = await ConfirmAsync(admin, doc))
            Assert.Equal(HttpStatusCode.Redirect, confirm.StatusCode);
        var created = await App.WithDbAsync(db => db.People.Where(p => p.DocumentNumber == "5600001" || p.DocumentNumber == "1099600002")
            .Select(p => new { p.DocumentNumber, p.Audience, Dep = p.Dependencia!.Code, p.ColegioId, Completions = db.Completions.Count(c => c.PersonId == p.Id && c.CourseId == "actividad-taller-de-registro") })
            .OrderBy(p => p.DocumentNumber).ToListAsync());
        Assert.Equal(2, created.Count);
        Assert.Equal((Audience.Student, ie001, 1), (created[0].Audience, created[0].ColegioId, created[0].Completions));
        Assert.Equal((Audience.Staff, "SHAC", 2), (created[1].Audience, created[1].Dep, created[1].Completions));
        Assert.Equal(1, await App.WithDbAsync(db => db.PersonAttributes.CountAsync(a => a.Person.DocumentNumber == "5600001"))); // its first span, like the people import's

        // Each person registered is audited with the file that brought them and its SHA-256, as the people import's batch is.
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(header + "\n" + string.Join("\n",
            "CC;5600001;Nora;Nueva;2025-07-06;Taller de registro;2;servidor;SHAC;planta;Técnica;;;",
            "CC;1099600002;Quina;Nueva;2025-07-06;Taller de registro;2;estudiante;;;;IE001;11;2005-01-20",
            "CC;5600001;Nora;Nueva;2025-07-07;Taller de registro;2;servidor;SHAC;planta;Técnica;;;"))));
        var audit = await App.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.Action == "person.imported" && e.Summary!.Contains(sha))
            .Select(e => e.Summary!).ToListAsync());
        Assert.Equal(2, audit.Count);
        Assert.Contains(audit, e => e.StartsWith("CC 5600001, registrada desde la lista de asistencia asistencia.csv (SHA-256 ", StringComparison.Ordinal) && e.EndsWith("fila 2.", StringComparison.Ordinal));
        Assert.Contains(audit, e => e.StartsWith("CC 1099600002,", StringComparison.Ordinal) && e.EndsWith("fila 3.", StringComparison.Ordinal));
        Assert.True(await App.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "attendance.imported" && e.Summary!.StartsWith("asistencia.csv (SHA-256 " + sha + ")"))));
    }

    [Fact]
    public async Task A_row_whose_hours_differ_from_its_recorded_session_is_named_in_the_preview_and_the_session_keeps_its_hours()
    {
        foreach (var n in new[] { "5610001", "5610002", "5610003" }) await PersonAsync(DocumentType.CC, n, "Sesion");
        using var admin = await AdminAsync("admin.horas.sesion@scari.test");
        var first = await PreviewAsync(admin, """
            tipo_documento;numero_documento;nombres;apellidos;fecha;actividad;horas
            CC;5610001;Sesion;Asistente;2025-07-09;Taller de horas registradas;3
            """);
        Assert.Null(first.QuerySelector(".import-hours-warnings"));
        using (var confirmed = await ConfirmAsync(admin, first))
            Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        var sessionId = await App.WithDbAsync(db => db.TrainingSessions.Where(s => s.Name == "Taller de horas registradas").Select(s => s.Id).SingleAsync());

        // A late sheet of the same session says 5 hours on one row: the preview names the row, the session and both figures.
        var late = await PreviewAsync(admin, """
            tipo_documento;numero_documento;nombres;apellidos;fecha;actividad;horas
            CC;5610002;Sesion;Asistente;2025-07-09;Taller de horas registradas;5
            CC;5610003;Sesion;Asistente;2025-07-10;Taller de horas registradas;5
            """);
        var warnings = late.QuerySelectorAll(".import-hours-warnings tbody tr").Select(tr => tr.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray()).ToList();
        Assert.Single(warnings);
        Assert.Equal(("2", "5", "3"), (warnings[0][0], warnings[0][1], warnings[0][3]));
        Assert.Contains("Taller de horas registradas, 9 de julio de 2025", warnings[0][2]);
        Assert.Equal($"/admin/formacion-presencial/{sessionId}", late.QuerySelector(".import-hours-warnings a")!.GetAttribute("href"));
        Assert.Contains("la sesión conserva las suyas", late.QuerySelector(".import-hours-warnings caption")!.TextContent);
        using (var confirmed = await ConfirmAsync(admin, late))
            Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Equal(3, await App.WithDbAsync(db => db.Completions.Where(c => c.Person.DocumentNumber == "5610002").Select(c => c.Hours).SingleAsync()));
        Assert.Equal(5, await App.WithDbAsync(db => db.Completions.Where(c => c.Person.DocumentNumber == "5610003").Select(c => c.Hours).SingleAsync())); // its own, new session
    }

    [Fact]
    public async Task A_session_is_created_and_attendance_marked_on_its_page_feeds_the_indicator()
    {
        var person = await PersonAsync(DocumentType.CC, "5570001", "Sofía");
        using var client = await TutorAsync();
        using var create = await client.PostFormAsync("/admin/formacion-presencial", formAction: "/admin/formacion-presencial", fields: new()
        {
            ["Input.Name"] = "Charla de gobierno digital",
            ["Input.Date"] = "2025-08-08",
            ["Input.Hours"] = "2",
            ["Input.TutorName"] = "Tutora Presencial",
            ["Input.IndicatorId"] = "funcionarios-tic",
        });
        Assert.Equal(HttpStatusCode.Redirect, create.StatusCode);
        var sessionUrl = create.Headers.Location!.ToString();
        Assert.Matches("^/admin/formacion-presencial/[0-9]+$", sessionUrl);
        async Task<string> ActionAsync(string url, string handler) =>
            (await client.GetDocumentAsync(url)).Forms.Select(f => f.GetAttribute("action") ?? "").Single(a => a.Contains("handler=" + handler, StringComparison.Ordinal));

        using var add = await client.PostFormAsync($"{sessionUrl}?buscar=5570001", new() { ["Agregar"] = person.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Completaron"] = "true" },
            formAction: await ActionAsync($"{sessionUrl}?buscar=5570001", "Add"));
        Assert.Equal(HttpStatusCode.Redirect, add.StatusCode);
        Assert.Equal(1, await App.WithDbAsync(db => db.Completions.CountAsync(c => c.PersonId == person && c.Source == CompletionSource.InPerson)));

        // Unmarking "completed" removes the completion (it has no certificate).
        using var save = await client.PostFormAsync(sessionUrl, new()
        {
            ["Marks[0].PersonId"] = person.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Marks[0].Attended"] = "true",
        }, formAction: await ActionAsync(sessionUrl, "Save"));
        Assert.Equal(HttpStatusCode.Redirect, save.StatusCode);
        Assert.Equal(0, await App.WithDbAsync(db => db.Completions.CountAsync(c => c.PersonId == person)));
        Assert.True(await App.WithDbAsync(db => db.Attendances.AnyAsync(a => a.PersonId == person && a.Attended && !a.Completed)));
    }

    [Fact]
    public async Task A_session_without_date_hours_or_name_is_refused_with_Spanish_messages()
    {
        using var client = await TutorAsync();
        using var response = await client.PostFormAsync("/admin/formacion-presencial", new() { ["Input.TutorName"] = "" }, formAction: "/admin/formacion-presencial");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var alert = FormPosting.Parse(await response.Content.ReadAsStringAsync()).QuerySelector("[role=alert]")!.TextContent;
        Assert.Contains("Elija un curso del catálogo o escriba el nombre de la actividad.", alert);
        Assert.Contains("Escriba la fecha de la sesión.", alert);
        Assert.Contains("Las horas deben ser un número entero entre 1 y 200.", alert);
    }

    [Fact]
    public async Task Coordinators_cannot_record_attendance()
    {
        await PersonAsync(DocumentType.CC, "5570001", "Coordinada");
        await App.CreateUserAsync("coord.presencial@scari.test", Roles.Coordinador);
        using var client = await App.SignedInClientAsync("coord.presencial@scari.test");
        using var response = await client.GetAsync("/admin/formacion-presencial/importar");
        Assert.StartsWith("/cuenta/acceso-denegado", response.Headers.Location!.PathAndQuery);

        // A valid file, previewed by a tutor, and the coordinator's own valid antiforgery token (from a page they may
        // open): the posts themselves are refused, not only the form.
        using var tutor = await TutorAsync();
        var csv = "tipo_documento;numero_documento;nombres;apellidos;fecha;actividad;horas\r\nCC;5570001;Coordinada;Asistente;2025-06-12;Taller vedado;2\r\n";
        using var preview = await AttendanceImportClient.UploadAsync(tutor, Encoding.UTF8.GetBytes(csv));
        var form = FormPosting.Parse(await preview.Content.ReadAsStringAsync()).QuerySelector("form[action*=Confirm]")!;
        var content = form.QuerySelector("input[name=Contenido]")!.GetAttribute("value")!;
        var token = (await client.GetDocumentAsync("/admin")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        using var upload = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "Archivo", "asistencia.csv" },
        };
        using var previewed = await client.PostAsync("/admin/formacion-presencial/importar?handler=Preview", upload);
        Assert.Equal(HttpStatusCode.Redirect, previewed.StatusCode);
        Assert.StartsWith("/cuenta/acceso-denegado", previewed.Headers.Location!.PathAndQuery);

        using var confirmed = await client.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Contenido"] = content, ["Indicador"] = "funcionarios-tic", ["Tutor"] = "Coordinador",
        }));
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.StartsWith("/cuenta/acceso-denegado", confirmed.Headers.Location!.PathAndQuery);
        Assert.Equal(0, await App.WithDbAsync(db => db.Completions.CountAsync(c => c.CourseId == "actividad-taller-vedado")));
        Assert.False(await App.WithDbAsync(db => db.TrainingSessions.AnyAsync(s => s.Name == "Taller vedado")));
    }
}
