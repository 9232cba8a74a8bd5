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
        Assert.Contains(problems, p => p[0] == "5" && p[2].Contains("no hay ninguna persona registrada con CC 5559999", StringComparison.Ordinal));
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
            var form = doc.QuerySelector("form[action*=Confirm]")!;
            var values = new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
                ["Contenido"] = form.QuerySelector("input[name=Contenido]")!.GetAttribute("value")!,
                ["Indicador"] = "funcionarios-tic",
                ["Tutor"] = "Tutora Presencial",
            };
            using var confirm = await client.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(values));
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
