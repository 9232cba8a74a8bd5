using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Scari.IntegrationTests.Learning;
using Scari.Testing;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Indicators;
using Scari.Web.Features.People;
using Scari.Web.Features.InPerson;

namespace Scari.IntegrationTests.Indicators;

/// <summary>
/// In-person training for a tutor: their own sessions only (list, page, every handler, import), and people found only
/// by their whole document number. Administrators see and search everything. Every test makes its own accounts.
/// </summary>
public sealed class SessionScopeTests(PostgresApp fixture) : IClassFixture<PostgresApp>
{
    private ScariAppFactory App => fixture.App;

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Creates a session through the form, as the signed-in account; returns its id.</summary>
    private static async Task<int> CreateSessionAsync(HttpClient client, string name, string date, int hours = 2, Dictionary<string, string>? extra = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["Input.Name"] = name,
            ["Input.Date"] = date,
            ["Input.Hours"] = Text(hours),
            ["Input.TutorName"] = "Tutora de prueba",
        };
        foreach (var (key, value) in extra ?? []) fields[key] = value;
        using var created = await client.PostFormAsync("/admin/formacion-presencial", fields, formAction: "/admin/formacion-presencial");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        return int.Parse(created.Headers.Location!.OriginalString.Split('/')[^1], CultureInfo.InvariantCulture);
    }

    private Task<string> DocumentOfAsync(int personId) =>
        App.WithDbAsync(db => db.People.Where(p => p.Id == personId).Select(p => p.DocumentNumber).SingleAsync());

    private static async Task<string> TokenAsync(HttpClient client, string url) =>
        (await client.GetDocumentAsync(url)).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string tokenPage, string url, params (string Name, string Value)[] fields) =>
        await client.PostAsync(url, new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))
            .Append(new("__RequestVerificationToken", await TokenAsync(client, tokenPage)))));

    /// <summary>Where the session page's tutor-account form posts (the administrator's page only).</summary>
    private static async Task<string> TutorFormActionAsync(HttpClient client, string url) =>
        (await client.GetDocumentAsync(url)).Forms.Select(f => f.GetAttribute("action") ?? "").Single(a => a.Contains("handler=Tutor", StringComparison.Ordinal));

    /// <summary>Chooses an account (or "" for "Ninguna cuenta") in the session page's tutor-account form and saves it.</summary>
    private static async Task<HttpResponseMessage> AssignTutorAsync(HttpClient admin, string url, string userId) =>
        await admin.PostFormAsync(url, new() { ["CuentaTutor"] = userId }, formAction: await TutorFormActionAsync(admin, url));

    private Task<TrainingSession> SessionAsync(int id) =>
        App.WithDbAsync(db => db.TrainingSessions.AsNoTracking().SingleAsync(s => s.Id == id));

    private Task<List<string?>> TutorAuditAsync(int id)
    {
        var target = Text(id);
        return App.WithDbAsync(db => db.AuditEntries.Where(e => e.Action == "training-session.tutor-assigned" && e.TargetType == "TrainingSession" && e.TargetId == target)
            .OrderBy(e => e.Id).Select(e => e.Summary).ToListAsync());
    }

    private static List<string[]> Problems(string html) =>
        [.. FormPosting.Parse(html).QuerySelectorAll("tbody tr").Select(tr => tr.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray())];

    /// <summary>Previews a file and confirms it, as the import page's two steps do.</summary>
    private static async Task<HttpResponseMessage> ImportAsync(HttpClient client, byte[] file)
    {
        using var preview = await AttendanceImportClient.UploadAsync(client, file);
        var html = await preview.Content.ReadAsStringAsync();
        var form = FormPosting.Parse(html).QuerySelector("form[action*=Confirm]")
            ?? throw new Xunit.Sdk.XunitException("La revisión no ofrece confirmar: " + string.Join(" | ", Problems(html).Select(p => string.Join(" ", p))));
        return await client.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
            ["Contenido"] = form.QuerySelector("input[name=Contenido]")!.GetAttribute("value")!,
            ["Tutor"] = "Tutora de prueba",
            // The rows' names are not those of the people seeded here: accepted, as the administrator ticks it on the page.
            ["AceptarAvisos"] = "true",
        }));
    }

    private static byte[] Csv(params string[] rows) =>
        Encoding.UTF8.GetBytes(string.Join("\r\n", ["tipo_documento;numero_documento;nombres;apellidos;fecha;actividad;horas", .. rows]));

    [Fact]
    public async Task A_tutor_lists_and_opens_only_their_own_sessions_while_an_administrator_sees_every_one()
    {
        var tutorA = await App.StaffAsync(Roles.Tutor);
        var tutorB = await App.StaffAsync(Roles.Tutor);
        var person = await App.PersonAsync();
        var document = await DocumentOfAsync(person);
        using var a = await App.SignedInClientAsync(tutorA);
        using var b = await App.SignedInClientAsync(tutorB);
        var nameA = JourneyData.Unique("Taller de la tutora A");
        var nameB = JourneyData.Unique("Taller de la tutora B");
        // Tutor A's form names tutor B's account: the session is A's all the same.
        var sessionA = await CreateSessionAsync(a, nameA, "2031-01-10", extra: new() { ["Input.TutorUserId"] = await App.UserIdAsync(tutorB) });
        var sessionB = await CreateSessionAsync(b, nameB, "2031-01-11");
        var urlA = $"/admin/formacion-presencial/{sessionA}";
        var urlB = $"/admin/formacion-presencial/{sessionB}";

        var listA = await a.GetStringAsync("/admin/formacion-presencial");
        var listB = await b.GetStringAsync("/admin/formacion-presencial");
        Assert.Contains(nameA, listA);
        Assert.DoesNotContain(nameB, listA);
        Assert.Contains(nameB, listB);
        Assert.DoesNotContain(nameA, listB);
        Assert.Equal(HttpStatusCode.OK, (await b.GetAsync(urlB)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.GetAsync(urlA)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.GetAsync($"{urlA}?buscar={document}")).StatusCode);

        // Every handler of A's page, posted by B with a valid token of B's own page.
        using (var save = await PostAsync(b, urlB, $"{urlA}?handler=Save",
            ("Marks[0].PersonId", Text(person)), ("Marks[0].Attended", "true"), ("Marks[0].Completed", "true")))
            Assert.Equal(HttpStatusCode.NotFound, save.StatusCode);
        using (var add = await PostAsync(b, urlB, $"{urlA}?handler=Add&buscar={document}", ("Agregar", Text(person)), ("Completaron", "true")))
            Assert.Equal(HttpStatusCode.NotFound, add.StatusCode);
        Assert.False(await App.WithDbAsync(db => db.Attendances.AnyAsync(x => x.SessionId == sessionA)));

        using var admin = await App.SignedInClientAsync(await App.StaffAsync(Roles.Administrador));
        var all = await admin.GetStringAsync("/admin/formacion-presencial");
        Assert.Contains(nameA, all);
        Assert.Contains(nameB, all);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(urlA)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(urlB)).StatusCode);
    }

    [Fact]
    public async Task A_tutor_finds_a_person_only_by_the_whole_document_number_and_an_administrator_also_by_name()
    {
        var given = JourneyData.Unique("Zuleima");
        var minor = await App.PersonAsync(Audience.Student, givenNames: given);
        var other = await App.PersonAsync(givenNames: JourneyData.Unique("Otra"));
        var number = await DocumentOfAsync(minor);
        using var tutor = await App.SignedInClientAsync(await App.StaffAsync(Roles.Tutor));
        var url = $"/admin/formacion-presencial/{await CreateSessionAsync(tutor, JourneyData.Unique("Taller de busqueda"), "2025-04-04")}";

        // An administrator still searches by a fragment of the name, and sees the document.
        using var admin = await App.SignedInClientAsync(await App.StaffAsync(Roles.Administrador));
        var byAdmin = await admin.GetDocumentAsync($"{url}?buscar={Uri.EscapeDataString(given[2..])}");
        Assert.Equal("Buscar por documento o nombre", byAdmin.QuerySelector("label[for=buscar]")!.TextContent.Trim());
        Assert.Contains(byAdmin.QuerySelectorAll("input[name=Agregar]"), i => i.GetAttribute("value") == Text(minor));
        Assert.Contains(number, byAdmin.QuerySelector($"label[for=agregar-{minor}]")!.TextContent);

        // A tutor: a fragment of the name, the whole name or all but the last digit find nobody, and the page says why.
        foreach (var query in new[] { given[2..], given, number[..^1] })
        {
            var page = await tutor.GetDocumentAsync($"{url}?buscar={Uri.EscapeDataString(query)}");
            Assert.Equal("Número de documento completo", page.QuerySelector("label[for=buscar]")!.TextContent.Trim());
            Assert.Contains("no se busca por nombre ni por una parte del número", page.QuerySelector("#buscar-ayuda")!.TextContent);
            Assert.Empty(page.QuerySelectorAll("input[name=Agregar]"));
            Assert.Contains("un nombre o una parte del número no encuentran a nadie", page.QuerySelector("#sin-resultados")!.TextContent);
            Assert.DoesNotContain(number, page.Body!.TextContent.Replace($"«{query}»", "", StringComparison.Ordinal));
        }

        // The whole number (as written on the document, with dots) finds exactly that person.
        var dotted = string.Join('.', number.Chunk(3).Select(c => new string(c)));
        var byNumber = await tutor.GetDocumentAsync($"{url}?buscar={Uri.EscapeDataString(dotted)}");
        Assert.Equal([Text(minor)], byNumber.QuerySelectorAll("input[name=Agregar]").Select(i => i.GetAttribute("value")));
        Assert.Contains(given, byNumber.QuerySelector($"label[for=agregar-{minor}]")!.TextContent);

        // Someone the search did not find cannot be added by their id; the one it found can.
        using (var byId = await PostAsync(tutor, url, $"{url}?handler=Add&buscar={Uri.EscapeDataString(given)}", ("Agregar", Text(other)), ("Completaron", "true")))
        {
            Assert.Equal(HttpStatusCode.OK, byId.StatusCode);
            Assert.Contains("Solo puede agregar a las personas que encontró con su número de documento completo",
                FormPosting.Parse(await byId.Content.ReadAsStringAsync()).QuerySelector("[role=alert]")!.TextContent);
        }
        var addAction = byNumber.Forms.Select(f => f.GetAttribute("action") ?? "").Single(a => a.Contains("handler=Add", StringComparison.Ordinal));
        using (var added = await tutor.PostFormAsync($"{url}?buscar={Uri.EscapeDataString(dotted)}",
            new() { ["Agregar"] = Text(minor), ["Completaron"] = "true" }, formAction: addAction))
            Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.True(await App.WithDbAsync(db => db.Attendances.AnyAsync(x => x.PersonId == minor && x.Attended)));
        Assert.False(await App.WithDbAsync(db => db.Attendances.AnyAsync(x => x.PersonId == other)));
    }

    [Fact]
    public async Task A_tutors_list_that_falls_on_another_tutors_session_is_refused_row_by_row_and_an_administrator_imports_it()
    {
        var activity = JourneyData.Unique("Taller compartido");
        var key = InPersonTraining.ActivityKey(null, activity);
        using var tutorA = await App.SignedInClientAsync(await App.StaffAsync(Roles.Tutor));
        using var tutorB = await App.SignedInClientAsync(await App.StaffAsync(Roles.Tutor));
        var sessionA = await CreateSessionAsync(tutorA, activity, "2025-05-05", hours: 3);
        var one = await DocumentOfAsync(await App.PersonAsync());
        var two = await DocumentOfAsync(await App.PersonAsync());
        var file = Csv($"CC;{one};Uno;Asistente;2025-05-05;{activity};3", $"CC;{two};Dos;Asistente;05/05/2025;{activity};3");

        using var preview = await AttendanceImportClient.UploadAsync(tutorB, file);
        var html = await preview.Content.ReadAsStringAsync();
        var problems = Problems(html);
        foreach (var row in new[] { 2, 3 })
            Assert.Contains(problems, p => p[0] == Text(row) && p[1] == "actividad" && p[2] ==
                $"La fila {row}: la sesión «{activity}» del 2025-05-05 (3 h) la registró otra persona: pida a un administrador que importe esta lista.");
        Assert.Contains("no se importó nada", FormPosting.Parse(html).QuerySelector("[role=alert]")!.TextContent);
        Assert.Null(FormPosting.Parse(html).QuerySelector("form[action*=Confirm]"));

        // Sent straight to the confirm step, the same file is refused the same way.
        const string import = "/admin/formacion-presencial/importar";
        using (var confirm = await PostAsync(tutorB, import, $"{import}?handler=Confirm", ("Contenido", Convert.ToBase64String(file)), ("Tutor", "Tutora B")))
        {
            Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
            Assert.Contains(Problems(await confirm.Content.ReadAsStringAsync()), p => p[0] == "2" && p[2].Contains("la registró otra persona", StringComparison.Ordinal));
        }
        Assert.False(await App.WithDbAsync(db => db.Attendances.AnyAsync(x => x.SessionId == sessionA)));
        Assert.Equal(1, await App.WithDbAsync(db => db.TrainingSessions.CountAsync(s => s.ActivityKey == key)));

        using var admin = await App.SignedInClientAsync(await App.StaffAsync(Roles.Administrador));
        using (var imported = await ImportAsync(admin, file))
            Assert.Equal(HttpStatusCode.Redirect, imported.StatusCode);
        Assert.Equal(2, await App.WithDbAsync(db => db.Attendances.CountAsync(x => x.SessionId == sessionA && x.Completed)));
        Assert.Equal(1, await App.WithDbAsync(db => db.TrainingSessions.CountAsync(s => s.ActivityKey == key)));
    }

    [Fact]
    public async Task A_session_a_tutor_imports_is_theirs_and_one_an_administrator_imports_belongs_to_no_tutor()
    {
        var tutorB = await App.StaffAsync(Roles.Tutor);
        using var b = await App.SignedInClientAsync(tutorB);
        using var a = await App.SignedInClientAsync(await App.StaffAsync(Roles.Tutor));
        using var admin = await App.SignedInClientAsync(await App.StaffAsync(Roles.Administrador));
        var number = await DocumentOfAsync(await App.PersonAsync());
        var byTutor = JourneyData.Unique("Charla importada por la tutora");
        var byAdmin = JourneyData.Unique("Charla importada por la administracion");

        using (var imported = await ImportAsync(b, Csv($"CC;{number};Uno;Asistente;2025-05-06;{byTutor};2")))
            Assert.Equal(HttpStatusCode.Redirect, imported.StatusCode);
        using (var imported = await ImportAsync(admin, Csv($"CC;{number};Uno;Asistente;2025-05-06;{byAdmin};2")))
            Assert.Equal(HttpStatusCode.Redirect, imported.StatusCode);
        var tutorsSession = await App.WithDbAsync(db => db.TrainingSessions.SingleAsync(s => s.Name == byTutor));
        var adminsSession = await App.WithDbAsync(db => db.TrainingSessions.SingleAsync(s => s.Name == byAdmin));

        Assert.Equal(await App.UserIdAsync(tutorB), tutorsSession.TutorUserId);
        Assert.Null(adminsSession.TutorUserId);
        var listB = await b.GetStringAsync("/admin/formacion-presencial");
        Assert.Contains(byTutor, listB);
        Assert.DoesNotContain(byAdmin, listB);
        Assert.Equal(HttpStatusCode.OK, (await b.GetAsync($"/admin/formacion-presencial/{tutorsSession.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await b.GetAsync($"/admin/formacion-presencial/{adminsSession.Id}")).StatusCode);
        Assert.DoesNotContain(byTutor, await a.GetStringAsync("/admin/formacion-presencial"));
        Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync($"/admin/formacion-presencial/{tutorsSession.Id}")).StatusCode);

        // Imported again by its tutor, the list lands in that same session.
        using (var again = await ImportAsync(b, Csv($"CC;{number};Uno;Asistente;2025-05-06;{byTutor};2")))
            Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(1, await App.WithDbAsync(db => db.TrainingSessions.CountAsync(s => s.Name == byTutor)));
    }

    [Fact]
    public async Task An_administrator_hands_a_session_to_a_tutor_who_then_lists_and_opens_it_until_it_is_handed_to_no_account()
    {
        var emailA = $"{JourneyData.Unique("tutora-a")}@scari.test";
        var fullNameA = JourneyData.Unique("Ana Tutora");
        var idA = (await App.CreateUserAsync(emailA, Roles.Tutor, fullName: fullNameA)).Id;
        var tutorB = await App.StaffAsync(Roles.Tutor);
        using var a = await App.SignedInClientAsync(emailA);
        using var b = await App.SignedInClientAsync(tutorB);
        using var admin = await App.SignedInClientAsync(await App.StaffAsync(Roles.Administrador));
        var name = JourneyData.Unique("Taller entregado a una tutora");
        var id = await CreateSessionAsync(admin, name, "2031-02-02");
        var url = $"/admin/formacion-presencial/{id}";
        Assert.DoesNotContain(name, await a.GetStringAsync("/admin/formacion-presencial"));
        Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync(url)).StatusCode);

        // The administrator's page offers the tutor accounts by full name and e-mail, and "Ninguna cuenta" for now.
        var page = await admin.GetDocumentAsync(url);
        var options = page.QuerySelectorAll("select[name=CuentaTutor] option").ToList();
        Assert.Equal(("", "Ninguna cuenta"), (options[0].GetAttribute("value"), options[0].TextContent.Trim()));
        Assert.DoesNotContain(options, o => o.HasAttribute("selected"));
        Assert.Equal($"{fullNameA} ({emailA})", options.Single(o => o.GetAttribute("value") == idA).TextContent.Trim());

        using (var assigned = await AssignTutorAsync(admin, url, idA))
            Assert.Equal(HttpStatusCode.Redirect, assigned.StatusCode);
        var after = await admin.GetDocumentAsync(url);
        Assert.Contains($"La sesión ahora la sigue {fullNameA} ({emailA})", after.QuerySelector("[role=status]")!.TextContent);
        Assert.True(after.QuerySelector($"select[name=CuentaTutor] option[value='{idA}']")!.HasAttribute("selected"));
        var session = await SessionAsync(id);
        Assert.Equal(idA, session.TutorUserId);
        Assert.Equal("Tutora de prueba", session.TutorName); // who taught stays as typed
        Assert.Equal([$"Cuenta que sigue la sesión: ninguna → {fullNameA} ({emailA})"], await TutorAuditAsync(id));

        Assert.Contains(name, await a.GetStringAsync("/admin/formacion-presencial"));
        Assert.Equal(HttpStatusCode.OK, (await a.GetAsync(url)).StatusCode);
        Assert.DoesNotContain(name, await b.GetStringAsync("/admin/formacion-presencial"));
        Assert.Equal(HttpStatusCode.NotFound, (await b.GetAsync(url)).StatusCode);

        using (var none = await AssignTutorAsync(admin, url, ""))
            Assert.Equal(HttpStatusCode.Redirect, none.StatusCode);
        Assert.Contains("ya no la sigue ninguna cuenta", (await admin.GetDocumentAsync(url)).QuerySelector("[role=status]")!.TextContent);
        Assert.Null((await SessionAsync(id)).TutorUserId);
        Assert.Equal($"Cuenta que sigue la sesión: {fullNameA} ({emailA}) → ninguna", (await TutorAuditAsync(id))[^1]);
        Assert.DoesNotContain(name, await a.GetStringAsync("/admin/formacion-presencial"));
        Assert.Equal(HttpStatusCode.NotFound, (await a.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task A_session_without_a_tutor_name_takes_the_name_of_the_account_it_is_handed_to()
    {
        var email = $"{JourneyData.Unique("tutor-sin-nombre")}@scari.test";
        var fullName = JourneyData.Unique("Bernardo Tutor");
        var tutorId = (await App.CreateUserAsync(email, Roles.Tutor, fullName: fullName)).Id;
        using var admin = await App.SignedInClientAsync(await App.StaffAsync(Roles.Administrador));
        var id = await CreateSessionAsync(admin, JourneyData.Unique("Charla sin tutor escrito"), "2031-02-03");
        await App.WithDbAsync(db => db.TrainingSessions.Where(s => s.Id == id).ExecuteUpdateAsync(u => u.SetProperty(s => s.TutorName, "")));

        using (var assigned = await AssignTutorAsync(admin, $"/admin/formacion-presencial/{id}", tutorId))
            Assert.Equal(HttpStatusCode.Redirect, assigned.StatusCode);
        var session = await SessionAsync(id);
        Assert.Equal(tutorId, session.TutorUserId);
        Assert.Equal(fullName, session.TutorName);
        Assert.EndsWith($"; nombre del tutor «{fullName}»", (await TutorAuditAsync(id)).Single());
    }

    [Fact]
    public async Task Handing_a_session_to_an_account_that_is_not_a_tutor_is_refused_with_a_message_and_changes_nothing()
    {
        var tutor = await App.StaffAsync(Roles.Tutor);
        var tutorId = await App.UserIdAsync(tutor);
        var coordinatorId = await App.UserIdAsync(await App.StaffAsync(Roles.Coordinador));
        var learnerId = await App.UserIdAsync((await App.LearnerAsync()).UserName);
        using var admin = await App.SignedInClientAsync(await App.StaffAsync(Roles.Administrador));
        var id = await CreateSessionAsync(admin, JourneyData.Unique("Taller de la cuenta equivocada"), "2031-02-04");
        var url = $"/admin/formacion-presencial/{id}";
        using (var assigned = await AssignTutorAsync(admin, url, tutorId))
            Assert.Equal(HttpStatusCode.Redirect, assigned.StatusCode);
        var options = (await admin.GetDocumentAsync(url)).QuerySelectorAll("select[name=CuentaTutor] option").Select(o => o.GetAttribute("value")).ToList();
        Assert.Contains(tutorId, options);
        Assert.DoesNotContain(coordinatorId, options);
        Assert.DoesNotContain(learnerId, options);

        // Hand-made posts: the form never offers these accounts.
        foreach (var account in new[] { coordinatorId, learnerId, "no-existe" })
        {
            using var refused = await PostAsync(admin, url, $"{url}?handler=Tutor", ("CuentaTutor", account));
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.Contains("La cuenta elegida no tiene el rol Tutor: elija una cuenta de la lista o «Ninguna cuenta».",
                FormPosting.Parse(await refused.Content.ReadAsStringAsync()).QuerySelector("[role=alert]")!.TextContent);
        }
        var session = await SessionAsync(id);
        Assert.Equal(tutorId, session.TutorUserId);
        Assert.Equal("Tutora de prueba", session.TutorName);
        Assert.Single(await TutorAuditAsync(id));
    }

    [Fact]
    public async Task A_tutor_neither_sees_nor_can_post_the_control_that_hands_a_session_to_an_account()
    {
        var tutorA = await App.StaffAsync(Roles.Tutor);
        var tutorB = await App.StaffAsync(Roles.Tutor);
        var idA = await App.UserIdAsync(tutorA);
        var idB = await App.UserIdAsync(tutorB);
        using var a = await App.SignedInClientAsync(tutorA);
        using var b = await App.SignedInClientAsync(tutorB);
        var id = await CreateSessionAsync(a, JourneyData.Unique("Taller que no se cede"), "2031-02-05");
        var url = $"/admin/formacion-presencial/{id}";
        var ownB = $"/admin/formacion-presencial/{await CreateSessionAsync(b, JourneyData.Unique("Taller de B"), "2031-02-05")}";

        var page = await a.GetDocumentAsync(url);
        Assert.Null(page.QuerySelector("select[name=CuentaTutor]"));
        Assert.Null(page.QuerySelector("#cuenta-tutor"));
        Assert.DoesNotContain(page.Forms, f => (f.GetAttribute("action") ?? "").Contains("handler=Tutor", StringComparison.Ordinal));

        // Their own session, to another tutor or to nobody: refused.
        foreach (var account in new[] { idB, "" })
        {
            using var refused = await PostAsync(a, url, $"{url}?handler=Tutor", ("CuentaTutor", account));
            Assert.True(refused.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound
                || refused.Headers.Location is { } to && (to.IsAbsoluteUri ? to.AbsolutePath : to.OriginalString).StartsWith("/cuenta/acceso-denegado", StringComparison.Ordinal),
                $"{(int)refused.StatusCode} {refused.Headers.Location}");
        }
        // Someone else's session, to themselves: not found, as every handler of a session that is not theirs.
        using (var taken = await PostAsync(b, ownB, $"{url}?handler=Tutor", ("CuentaTutor", idB)))
            Assert.Equal(HttpStatusCode.NotFound, taken.StatusCode);

        Assert.Equal(idA, (await SessionAsync(id)).TutorUserId);
        Assert.Empty(await TutorAuditAsync(id));
        Assert.Equal(HttpStatusCode.NotFound, (await b.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task The_import_page_tells_a_tutor_before_uploading_that_rows_on_sessions_recorded_by_someone_else_are_refused()
    {
        const string import = "/admin/formacion-presencial/importar";
        using var tutor = await App.SignedInClientAsync(await App.StaffAsync(Roles.Tutor));
        using var admin = await App.SignedInClientAsync(await App.StaffAsync(Roles.Administrador));

        var forTutor = await tutor.GetDocumentAsync(import);
        var hint = forTutor.QuerySelector("#solo-sus-sesiones")!.TextContent;
        Assert.Contains("Las filas de una sesión que registró otra persona se rechazan", hint);
        Assert.Contains("esas listas las importa un administrador", hint);
        Assert.Equal("solo-sus-sesiones", forTutor.QuerySelector("input[name=Archivo]")!.GetAttribute("aria-describedby"));

        var forAdmin = await admin.GetDocumentAsync(import);
        Assert.NotNull(forAdmin.QuerySelector("input[name=Archivo]"));
        Assert.Null(forAdmin.QuerySelector("#solo-sus-sesiones"));
        Assert.DoesNotContain("registró otra persona", forAdmin.Body!.TextContent);
    }
}
