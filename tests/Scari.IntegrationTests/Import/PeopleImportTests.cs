using System.Net;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Scari.Testing;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Enrollment;
using Scari.Web.Features.People;
using Scari.Web.Features.People.Import;
using Microsoft.Extensions.DependencyInjection;
using Scari.Web.Features.Privacy;

namespace Scari.IntegrationTests.Import;

/// <summary>The people import on PostgreSQL (production) and on SQLite (the zero-setup default).</summary>
public sealed class PeopleImportTests(PostgresApp fixture) : PeopleImportTestsOn<PostgresApp>(fixture);

public sealed class SqlitePeopleImportTests(SqliteApp fixture) : PeopleImportTestsOn<SqliteApp>(fixture);

public abstract class PeopleImportTestsOn<TApp>(TApp fixture) : IClassFixture<TApp> where TApp : class, IAppFixture
{
    private ScariAppFactory App => fixture.App;
    private const string Header = "tipo_documento;numero_documento;nombres;apellidos;correo;publico;dependencia;vinculo;cargo;colegio;grado;fecha_nacimiento;curso;cohorte";

    private async Task<HttpClient> AdminAsync(string name)
    {
        await App.CreateUserAsync(name, Roles.Administrador);
        return await App.SignedInClientAsync(name);
    }

    private Task<int> PeopleCountAsync() => App.WithDbAsync(db => db.People.CountAsync());

    [Fact]
    public async Task The_preview_lists_every_bad_row_with_its_column_and_a_Spanish_message_and_nothing_is_written()
    {
        using var admin = await AdminAsync("import.malo@scari.test");
        var csv = string.Join("\r\n",
            Header,
            "CC;80123456;Carlos;Ruiz;carlos@alcaldia.gov.co;servidor;SHAC;planta;Técnico;;;;;",               // 2: good
            "CC;80A23456;Diana;Mora;;servidor;SHAC;planta;Técnica;;;;;",                                    // 3: letters in a CC
            "CC;80123456;Carlos;Ruiz Otra Vez;;servidor;SHAC;planta;Técnico;;;;;",                           // 4: duplicate of row 2
            "TI;1043123456;Laura;Díaz;;estudiante;;;;IE999;9;2011-02-03;;",                                  // 5: unknown colegio
            "CC;80999111;Pedro;Gil;;servidor;Secretaría de la Luna;planta;Técnico;;;;;",                     // 6: unknown dependencia
            "CC;1043999888;Sara;Luna;;estudiante;;;;IE001;11;31/02/2008;;",                                  // 7: bad date
            "CC;80555444;=HYPERLINK(\"http://malo\");Soto;;servidor;SHAC;planta;Técnico;;;;;",               // 8: formula
            "CC;80555333;JosÃ©;PeÃ±a;;servidor;SHAC;planta;Técnico;;;;;",                                    // 9: mojibake
            "XX;80555222;Ana;Rey;;servidor;SHAC;planta;Técnico;;;;;",                                        // 10: unknown type
            "CC;80555111;Ana;Rey;;profesor;SHAC;planta;Técnico;;;;;");                                        // 11: unknown audience
        var before = await PeopleCountAsync();

        var preview = await admin.UploadAsync(ImportClient.Utf8Bom(csv));
        var page = FormPosting.Parse(await admin.GetStringAsync(preview));
        var problems = page.QuerySelectorAll(".import-problems tbody tr")
            .Select(tr => tr.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray()).ToList();

        void Has(int row, string column, string message) =>
            Assert.True(problems.Any(p => p[0] == row.ToString() && p[1] == column && p[2].Contains(message, StringComparison.Ordinal)),
                $"Falta fila {row}, «{column}»: «{message}». Hay: {string.Join(" | ", problems.Select(p => string.Join(" / ", p)))}");
        Has(3, "numero_documento", "El número de cédula de ciudadanía debe tener solo dígitos");
        Has(4, "numero_documento", "ya aparece en la fila 2");
        // Unknown units are not one error per row: each is listed once, with its rows, to map or create.
        var missing = page.QuerySelectorAll(".import-missing-units legend").Select(l => l.TextContent.Trim()).ToList();
        Assert.Contains("Colegio «IE999»: fila 5", missing);
        Assert.Contains("Dependencia «Secretaría de la Luna»: fila 6", missing);
        Assert.DoesNotContain(problems, p => p[1] is "colegio" or "dependencia");
        Has(7, "fecha_nacimiento", "La fecha «31/02/2008» no es válida");
        Has(8, "nombres", "como una fórmula de hoja de cálculo");
        Has(9, "nombres", "mal codificado («Ã©»");
        Has(9, "apellidos", "mal codificado («Ã±»");
        Has(10, "tipo_documento", "El tipo de documento «XX» no se reconoce");
        Has(11, "publico", "escriba «servidor» o «estudiante»");
        Assert.DoesNotContain(problems, p => p[0] == "2");
        Assert.Contains("No se importó nada", page.Body!.TextContent);
        Assert.Null(page.QuerySelector("form[action='" + preview + "']")); // no confirm button

        // Even a forged confirmation writes nothing.
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var forged = await admin.PostAsync(preview, new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.OK, forged.StatusCode);
        Assert.Equal(before, await PeopleCountAsync());
        Assert.False(await App.WithDbAsync(db => db.People.AnyAsync(p => p.DocumentNumber == "80123456")));
    }

    /// <summary>The index of each missing name in the preview's form, by the name as the file wrote it.</summary>
    private static Dictionary<string, int> UnitIndexes(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelectorAll("input[type=hidden][name$='.Nombre']").ToDictionary(
            i => i.GetAttribute("value")!, i => int.Parse(i.GetAttribute("name")!.Split('[', ']')[1]));

    [Fact]
    public async Task Missing_units_are_listed_once_with_their_rows_and_near_matches_and_a_mapping_is_remembered_for_the_next_import()
    {
        using var admin = await AdminAsync("import.unidades@scari.test");
        const string header = "tipo_documento;numero_documento;nombres;apellidos;publico;dependencia;vinculo;cargo;colegio;grado;fecha_nacimiento";
        var csv = string.Join("\r\n", header,
            "CC;72100001;Ana;Uno;servidor;Hacienda;planta;Profesional;;;",
            "CC;72100002;Beto;Dos;servidor;hacienda ;planta;Profesional;;;",
            "CC;72100003;Ceci;Tres;servidor;SHAC;planta;Profesional;;;",
            "CC;72100004;Dora;Cuatro;servidor;HACIENDA;contratista;Apoyo;;;",
            "CC;72100005;Eva;Cinco;servidor;Secretaría del Sol Naciente;planta;Profesional;;;",
            "TI;1043210006;Fabio;Seis;estudiante;;;;I.E. de Manga;11;2004-03-15") + "\r\n";
        var (shac, ie001) = await App.WithDbAsync(async db => (
            await db.Dependencias.Where(d => d.Code == "SHAC").Select(d => d.Id).SingleAsync(),
            await db.Colegios.Where(c => c.Code == "IE001").Select(c => c.Id).SingleAsync()));

        var preview = await admin.UploadAsync(ImportClient.Utf8Bom(csv));
        var page = await admin.GetDocumentAsync(preview);
        var legends = page.QuerySelectorAll(".import-missing-units legend").Select(l => l.TextContent.Trim()).ToList();
        Assert.Equal(["Dependencia «Hacienda»: 3 filas 2–3, 5", "Dependencia «Secretaría del Sol Naciente»: fila 6", "Colegio «I.E. de Manga»: fila 7"], legends);
        var index = UnitIndexes(page);
        string? Selected(string name) => page.QuerySelector($"select[name='Unidades[{index[name]}].Eleccion'] option[selected]")?.GetAttribute("value");
        Assert.Equal(shac.ToString(), Selected("Hacienda"));               // "Secretaría de Hacienda Distrital" folds to the same word
        Assert.Equal(ie001.ToString(), Selected("I.E. de Manga"));          // "Institución Educativa de Manga" too
        Assert.Null(Selected("Secretaría del Sol Naciente"));               // nothing near: the administrator decides
        Assert.Null(page.QuerySelector("form[action='" + preview + "']")); // nothing to confirm yet
        var action = page.QuerySelector(".import-missing-units form")!.GetAttribute("action")!;

        // A new entry with a code already taken: nothing is saved, not even the other choices.
        var aliasesBefore = await App.WithDbAsync(db => db.Set<UnitAlias>().CountAsync());
        using (var taken = await admin.PostFormAsync(preview, new()
        {
            [$"Unidades[{index["Hacienda"]}].Eleccion"] = shac.ToString(),
            [$"Unidades[{index["Secretaría del Sol Naciente"]}].Eleccion"] = "nueva",
            [$"Unidades[{index["Secretaría del Sol Naciente"]}].NuevoCodigo"] = "shac",
            [$"Unidades[{index["Secretaría del Sol Naciente"]}].NuevoNombre"] = "Secretaría del Sol Naciente",
        }, formAction: action))
        {
            Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
            Assert.Contains("Ya existe el código SHAC", await taken.Content.ReadAsStringAsync());
        }
        Assert.Equal(aliasesBefore, await App.WithDbAsync(db => db.Set<UnitAlias>().CountAsync()));

        using (var saved = await admin.PostFormAsync(preview, new()
        {
            [$"Unidades[{index["Hacienda"]}].Eleccion"] = shac.ToString(),
            [$"Unidades[{index["Secretaría del Sol Naciente"]}].Eleccion"] = "nueva",
            [$"Unidades[{index["Secretaría del Sol Naciente"]}].NuevoCodigo"] = "soln",
            [$"Unidades[{index["Secretaría del Sol Naciente"]}].NuevoNombre"] = "Secretaría del Sol Naciente",
            [$"Unidades[{index["I.E. de Manga"]}].Eleccion"] = ie001.ToString(),
        }, formAction: action))
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(0, await App.WithDbAsync(db => db.People.CountAsync(p => p.DocumentNumber.StartsWith("721000"))));

        // The same preview now applies the choices and can be confirmed.
        page = await admin.GetDocumentAsync(preview);
        Assert.Null(page.QuerySelector(".import-missing-units"));
        var applied = page.QuerySelectorAll(".import-aliases tbody tr").Select(tr => string.Join(" | ", tr.QuerySelectorAll("td").Select(td => td.TextContent.Trim()))).ToList();
        Assert.Contains("Dependencia | Hacienda | Secretaría de Hacienda Distrital (SHAC) | 3", applied);
        Assert.Contains("Colegio | I.E. de Manga | Institución Educativa de Manga (IE001) | 1", applied);
        using (var confirmed = await admin.ConfirmAsync(preview))
            Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        var people = await App.WithDbAsync(db => db.People.AsNoTracking().Where(p => p.DocumentNumber.StartsWith("721000") || p.DocumentNumber == "1043210006")
            .Select(p => new { p.DocumentNumber, Dep = p.Dependencia!.Code, p.ColegioId }).ToDictionaryAsync(p => p.DocumentNumber));
        Assert.Equal(6, people.Count);
        Assert.All(new[] { "72100001", "72100002", "72100003", "72100004" }, n => Assert.Equal("SHAC", people[n].Dep));
        Assert.Equal("SOLN", people["72100005"].Dep);
        Assert.Equal(ie001, people["1043210006"].ColegioId);
        var audit = await App.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.Action.StartsWith("catalogue.")).Select(e => new { e.Action, e.Summary }).ToListAsync());
        Assert.Contains(audit, e => e.Action == "catalogue.dependencia-added" && e.Summary!.StartsWith("SOLN: Secretaría del Sol Naciente"));
        Assert.Contains(audit, e => e.Action == "catalogue.alias-added" && e.Summary!.Contains("«Hacienda»") && e.Summary.Contains("SHAC"));

        // The next file with the same name needs nothing: the preview says which remembered name it used.
        var next = await admin.UploadAsync(ImportClient.Utf8Bom(header + "\r\nCC;72100008;Gina;Ocho;servidor;HACIENDA;planta;Profesional;;;\r\n"));
        var nextPage = await admin.GetDocumentAsync(next);
        Assert.Null(nextPage.QuerySelector(".import-missing-units"));
        Assert.Equal(["Dependencia | HACIENDA | Secretaría de Hacienda Distrital (SHAC) | 1"], nextPage.QuerySelectorAll(".import-aliases tbody tr")
            .Select(tr => string.Join(" | ", tr.QuerySelectorAll("td").Select(td => td.TextContent.Trim()))));
        using (var done = await admin.ConfirmAsync(next))
            Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal(shac, await App.WithDbAsync(db => db.People.Where(p => p.DocumentNumber == "72100008").Select(p => p.DependenciaId).SingleAsync()));
    }

    [Fact]
    public async Task An_administrator_sees_the_remembered_names_and_removes_one_which_later_files_then_show_as_missing_again()
    {
        var shac = await App.WithDbAsync(db => db.Dependencias.Where(d => d.Code == "SHAC").Select(d => d.Id).SingleAsync());
        using var admin = await AdminAsync("import.olvidar@scari.test");
        var chooser = await App.WithDbAsync(db => db.Users.Where(u => u.UserName == "import.olvidar@scari.test").Select(u => u.Id).SingleAsync());
        var aliasId = await App.WithDbAsync(async db =>
        {
            var alias = new UnitAlias { Kind = CatalogueKind.Dependencia, Key = ImportFile.Simplify("Hacienda del Centro"), Text = "Hacienda del Centro",
                UnitId = shac, CreatedByUserId = chooser, CreatedUtc = new DateTime(2026, 3, 2, 15, 0, 0, DateTimeKind.Utc) };
            db.Add(alias);
            await db.SaveChangesAsync();
            return alias.Id;
        });
        const string file = "tipo_documento;numero_documento;nombres;apellidos;publico;dependencia;vinculo;cargo\r\nCC;72300001;Olga;Centro;servidor;Hacienda del Centro;planta;Técnica\r\n";
        var remembered = await admin.GetDocumentAsync(await admin.UploadAsync(ImportClient.Utf8Bom(file)));
        Assert.Null(remembered.QuerySelector(".import-missing-units")); // the remembered name applies

        // Listed with the entry, who chose it and when, and a button to remove it.
        var page = await admin.GetDocumentAsync("/admin/importar");
        var row = page.QuerySelectorAll("table[aria-labelledby=nombres-recordados] tbody tr").Single(r => r.TextContent.Contains("Hacienda del Centro"));
        Assert.Contains("SHAC: Secretaría de Hacienda Distrital", row.TextContent);
        Assert.Contains("import.olvidar@scari.test", row.TextContent);
        Assert.Contains("2 de marzo de 2026", row.TextContent);
        var action = row.QuerySelector("form")!.GetAttribute("action")!;

        // A coordinator neither sees the list nor can remove a name.
        var coordinator = await App.CreateUserAsync("coordina.olvidar@scari.test", Roles.Coordinador);
        await App.WithDbAsync(db => db.Users.Where(u => u.Id == coordinator.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.CoordinatedDependenciaId, shac)));
        using (var client = await App.SignedInClientAsync("coordina.olvidar@scari.test"))
        {
            var theirs = await client.GetDocumentAsync("/admin/importar");
            Assert.Null(theirs.QuerySelector("#nombres-recordados"));
            using var forged = await client.PostAsync(action, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = theirs.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
            }));
            Assert.Contains("/cuenta/acceso-denegado", forged.Headers.Location?.OriginalString);
        }
        Assert.True(await App.WithDbAsync(db => db.Set<UnitAlias>().AnyAsync(a => a.Id == aliasId)));

        // Without the antiforgery token nothing happens either.
        using (var noToken = await admin.PostAsync(action, new FormUrlEncodedContent(new Dictionary<string, string>())))
            Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.True(await App.WithDbAsync(db => db.Set<UnitAlias>().AnyAsync(a => a.Id == aliasId)));

        using (var removed = await admin.PostFormAsync("/admin/importar", new(), formAction: action))
            Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.False(await App.WithDbAsync(db => db.Set<UnitAlias>().AnyAsync(a => a.Id == aliasId)));
        Assert.True(await App.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "catalogue.alias-removed"
            && e.Summary!.Contains("«Hacienda del Centro» ya no equivale a SHAC") && e.Summary.Contains("import.olvidar@scari.test"))));
        Assert.DoesNotContain("Hacienda del Centro", (await admin.GetDocumentAsync("/admin/importar")).QuerySelector("main")!.TextContent);

        // The next file with that name asks again.
        var again = await admin.GetDocumentAsync(await admin.UploadAsync(ImportClient.Utf8Bom(file)));
        Assert.Equal(["Dependencia «Hacienda del Centro»: fila 2"], again.QuerySelectorAll(".import-missing-units legend").Select(l => l.TextContent.Trim()));
    }

    [Fact]
    public async Task A_coordinator_sees_the_missing_units_but_cannot_map_or_create_them()
    {
        var shac = await App.WithDbAsync(db => db.Dependencias.Where(d => d.Code == "SHAC").Select(d => d.Id).SingleAsync());
        var coordinator = await App.CreateUserAsync("coordina.unidades@scari.test", Roles.Coordinador);
        await App.WithDbAsync(db => db.Users.Where(u => u.Id == coordinator.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.CoordinatedDependenciaId, shac)));
        using var client = await App.SignedInClientAsync("coordina.unidades@scari.test");
        var preview = await client.UploadAsync(ImportClient.Utf8Bom("tipo_documento;numero_documento;nombres;apellidos;publico;dependencia;vinculo;cargo\r\nCC;72200001;Luz;Sola;servidor;Hacienda Municipal Vieja;planta;Técnico\r\n"));
        var page = await client.GetDocumentAsync(preview);
        Assert.Contains("pida a un administrador", page.QuerySelector(".import-missing-units")!.TextContent);
        Assert.Null(page.QuerySelector(".import-missing-units select"));
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var forged = await client.PostAsync(preview + "?handler=Unidades", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Unidades[0].Tipo"] = "Dependencia", ["Unidades[0].Nombre"] = "Hacienda Municipal Vieja", ["Unidades[0].Eleccion"] = shac.ToString(),
        }));
        Assert.Contains("/cuenta/acceso-denegado", forged.Headers.Location?.OriginalString); // forbidden
        Assert.False(await App.WithDbAsync(db => db.Set<UnitAlias>().AnyAsync(a => a.Text == "Hacienda Municipal Vieja")));
    }

    [Fact]
    public async Task A_missing_column_or_an_unknown_column_is_reported_before_any_row()
    {
        using var admin = await AdminAsync("import.columnas@scari.test");
        var preview = await admin.UploadAsync(ImportClient.Utf8Bom("tipo_documento;numero_documento;nombres;colegoi\r\nCC;80123456;Ana;IE001\r\n"));
        var html = await admin.GetStringAsync(preview);
        Assert.Contains("Falta la columna «apellidos»", html);
        Assert.Contains("Falta la columna «publico»", html);
        Assert.Contains("La columna «colegoi» no se reconoce", html);
    }

    [Fact]
    public async Task Importing_the_same_file_twice_changes_nothing_the_second_time_and_the_history_keeps_the_hash()
    {
        using var admin = await AdminAsync("import.idem@scari.test");
        var csv = string.Join("\r\n",
            Header,
            "CC;71000001;Marta Lucía;Gómez;marta@alcaldia.gov.co;servidor;SHAC;planta;Profesional;;;;gestion-documental-sigob;",
            "C.C.;71.000.002;Julián;Pérez;;Servidor público;Secretaría de Hacienda Distrital;contratista;Contratista de apoyo;;;;;",
            "TI;1043000003;Valentina;Ríos;valen@correo.test;estudiante;;;;IE001;10;2005-05-05;;") + "\r\n";
        var bytes = ImportClient.Utf8Bom(csv);

        var preview = await admin.UploadAsync(bytes);
        var previewHtml = await admin.GetStringAsync(preview);
        Assert.Contains("El archivo no tiene problemas", previewHtml);
        Assert.Equal(0, await App.WithDbAsync(db => db.People.CountAsync(p => p.DocumentNumber.StartsWith("7100000"))));
        using var confirmed = await admin.ConfirmAsync(preview);
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);

        var people = await App.WithDbAsync(db => db.People.AsNoTracking().Where(p => p.DocumentNumber.StartsWith("7100000") || p.DocumentNumber == "1043000003").OrderBy(p => p.DocumentNumber).ToListAsync());
        Assert.Equal(3, people.Count);
        var julian = Assert.Single(people, p => p.DocumentNumber == "71000002"); // "71.000.002" normalized
        Assert.Equal(Vinculo.Contratista, julian.Vinculo);
        var student = people.Single(p => p.Audience == Audience.Student);
        Assert.Null(student.Email); // students' e-mail is not stored
        Assert.Equal(new DateOnly(2005, 5, 5), student.BirthDate);
        Assert.Equal(1, await App.WithDbAsync(db => db.Enrollments.CountAsync(e => e.Person.DocumentNumber == "71000001" && e.CourseId == "gestion-documental-sigob" && e.Source == EnrollmentSource.Import)));
        Assert.Equal(0, await App.WithDbAsync(db => db.Users.CountAsync(u => u.PasswordHash != null && u.PersonId != null && people.Select(p => p.Id).Contains(u.PersonId.Value))));

        var snapshot = await App.WithDbAsync(async db => (await db.People.CountAsync(), await db.Enrollments.CountAsync(), await db.Consents.CountAsync(),
            await db.AuditEntries.CountAsync(e => e.TargetType == "Person")));
        var again = await admin.UploadAsync(bytes);
        Assert.Contains("<strong>0</strong> personas nuevas", await admin.GetStringAsync(again));
        using var second = await admin.ConfirmAsync(again);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Equal(snapshot, await App.WithDbAsync(async db => (await db.People.CountAsync(), await db.Enrollments.CountAsync(), await db.Consents.CountAsync(),
            await db.AuditEntries.CountAsync(e => e.TargetType == "Person"))));

        var history = await App.WithDbAsync(db => db.ImportBatches.AsNoTracking().OrderBy(b => b.Id).ToListAsync());
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        Assert.Equal(2, history.Count(b => b.FileSha256 == sha));
        var (first, last) = (history[^2], history[^1]);
        Assert.Equal((3, 3, 0, 0, 1), (first.Rows, first.Created, first.Updated, first.Unchanged, first.Enrolled));
        Assert.Equal((3, 0, 0, 3, 0), (last.Rows, last.Created, last.Updated, last.Unchanged, last.Enrolled));
        Assert.All(history.Where(b => b.Status == Scari.Web.Features.People.Import.ImportStatus.Imported), b => Assert.Null(b.Content)); // the file's personal data is not kept
        Assert.Contains("import.idem@scari.test", await admin.GetStringAsync("/admin/importar"));

        // A changed row updates that person only, and says which fields changed.
        var changed = ImportClient.Utf8Bom(csv.Replace("Profesional;", "Profesional especializado;"));
        await admin.ImportAsync(changed);
        Assert.Equal("Profesional especializado", await App.WithDbAsync(db => db.People.Where(p => p.DocumentNumber == "71000001").Select(p => p.Cargo).SingleAsync()));
        var latest = await App.WithDbAsync(db => db.ImportBatches.AsNoTracking().OrderBy(b => b.Id).LastAsync());
        Assert.Equal((0, 1, 2), (latest.Created, latest.Updated, latest.Unchanged));
        Assert.True(await App.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "person.updated" && e.Summary!.Contains("cargo"))));
    }

    /// <summary>Rows of staff (every fourth enrolled in a course) and students (every third a minor with a guardian), document <c>Number(first, i)</c>.</summary>
    private static byte[] People(int count, long first)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
        var lines = new List<string> { Header + ";acudiente_nombre;acudiente_parentesco;acudiente_documento;autorizacion_forma;autorizacion_fecha" };
        for (var i = 0; i < count; i++)
            lines.Add(i % 2 == 0
                ? $"CC;{Number(first, i)};María José;Peña Gómez;persona{first + i}@alcaldia.gov.co;servidor;SHAC;{(i % 3 == 0 ? "contratista" : "planta")};Profesional;;;;{(i % 8 == 0 ? "gestion-documental-sigob" : "")};;;;;;"
                : i % 3 == 0
                    ? $"TI;{Number(first, i)};Julián;Núñez;;estudiante;;;;IE001;8;{today.AddYears(-14):yyyy-MM-dd};;;Rosa Núñez;Madre;{first + 5_000_000 + i};Formulario firmado;{today:yyyy-MM-dd}"
                    : $"TI;{Number(first, i)};Julián;Núñez;;estudiante;;;;IE001;11;2004-03-15;;;;;;;");
        return ImportClient.Utf8Bom(string.Join("\r\n", lines) + "\r\n");
    }

    /// <summary>An 8-digit cédula for staff (even rows), a 10-digit tarjeta de identidad for students.</summary>
    private static string Number(long first, int i) => (i % 2 == 0 ? first + i : 1_000_000_000 + first + i).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task<(ImportOutcome Outcome, SqlWrites Writes)> ConfirmRecordingWritesAsync(HttpClient admin, byte[] file)
    {
        var batchId = int.Parse((await admin.UploadAsync(file)).Split('/')[^1]);
        return await App.WithScopeAsync(sp => SqlWrites.RecordAsync(async () =>
        {
            var import = sp.GetRequiredService<PeopleImport>();
            var batch = (await import.FindPendingAsync(batchId, "", administrator: true, default))!;
            return await import.ConfirmAsync(batch, new PeopleScope(true, null, null, null), null, default);
        }));
    }

    [Fact]
    public async Task A_first_import_inserts_each_table_with_one_statement_and_confirming_it_again_writes_no_person()
    {
        using var admin = await AdminAsync("import.conjunto@scari.test");
        var file = People(120, 74_100_000);
        var attributesBefore = await App.WithDbAsync(db => db.PersonAttributes.CountAsync());

        var (first, firstWrites) = await ConfirmRecordingWritesAsync(admin, file);
        Assert.True(first.Imported, string.Join(" | ", first.Plan.Problems.Take(5)) + first.Message);
        Assert.Equal((120, 0, 0, 15), (first.Plan.Created, first.Plan.Updated, first.Plan.Unchanged, first.Plan.Enrolled));
        // Set-based: one INSERT for all 120 people, one for their attribute history, one for the consents, one for the enrollments.
        Assert.Equal((1, 1, 1, 1), (firstWrites.Count("INSERT", "People"), firstWrites.Count("INSERT", "PersonAttributes"),
            firstWrites.Count("INSERT", "Consents"), firstWrites.Count("INSERT", "Enrollments")));
        var numbers = Enumerable.Range(0, 120).Select(i => Number(74_100_000, i)).ToList();
        var people = await App.WithDbAsync(db => db.People.AsNoTracking().Where(p => numbers.Contains(p.DocumentNumber))
            .Select(p => new { p.Id, p.Audience, p.Vinculo, p.DependenciaId, p.ColegioId, p.Email, p.BirthDate }).ToListAsync());
        Assert.Equal(120, people.Count);
        Assert.Equal(60, people.Count(p => p.Audience == Audience.Student && p.ColegioId != null && p.Email == null && p.BirthDate != null));
        Assert.Equal(20, people.Count(p => p.Vinculo == Vinculo.Contratista));
        var ids = people.Select(p => p.Id).ToList();
        // Every new person has one open span with their counted attributes, as PersonHistory writes for a person saved by EF.
        var spans = await App.WithDbAsync(db => db.PersonAttributes.AsNoTracking().Where(a => ids.Contains(a.PersonId))
            .Select(a => new { a.PersonId, a.Audience, a.Vinculo, a.DependenciaId, a.ColegioId, a.ValidFromUtc, a.ValidUntilUtc }).ToListAsync());
        Assert.Equal(120, spans.Count);
        Assert.Equal(120, await App.WithDbAsync(db => db.PersonAttributes.CountAsync()) - attributesBefore);
        Assert.All(spans, a =>
        {
            var p = people.Single(x => x.Id == a.PersonId);
            Assert.Equal((p.Audience, p.Vinculo, p.DependenciaId, p.ColegioId, (DateTime?)null, (DateTime?)null),
                (a.Audience, a.Vinculo, a.DependenciaId, a.ColegioId, a.ValidFromUtc, a.ValidUntilUtc));
        });
        Assert.Equal(20, await App.WithDbAsync(db => db.Consents.CountAsync(c => ids.Contains(c.PersonId) && c.Kind == ConsentKind.GuardianConsent && c.GuardianName == "Rosa Núñez")));
        Assert.Equal(15, await App.WithDbAsync(db => db.Enrollments.CountAsync(e => ids.Contains(e.PersonId) && e.CourseId == "gestion-documental-sigob"
            && e.Source == EnrollmentSource.Import && e.WithdrawnUtc == null && e.Person.Audience == Audience.Staff)));

        var audit = await App.WithDbAsync(db => db.AuditEntries.CountAsync());
        var (again, againWrites) = await ConfirmRecordingWritesAsync(admin, file);
        Assert.True(again.Imported, string.Join(" | ", again.Plan.Problems.Take(5)) + again.Message);
        Assert.Equal((0, 0, 120, 0), (again.Plan.Created, again.Plan.Updated, again.Plan.Unchanged, again.Plan.Enrolled));
        // Nothing about the people is written: only the import's own record (its batch row and its one audit entry).
        Assert.Equal(["AuditEntries", "ImportBatches"], againWrites.Tables.Order(StringComparer.Ordinal));
        Assert.Equal((1, 1), (againWrites.Count("UPDATE", "ImportBatches"), againWrites.Count("INSERT", "AuditEntries")));
        Assert.Equal(2, againWrites.Statements.Count);
        Assert.Equal(audit + 1, await App.WithDbAsync(db => db.AuditEntries.CountAsync()));
        Assert.Equal("import.people", await App.WithDbAsync(db => db.AuditEntries.OrderByDescending(e => e.Id).Select(e => e.Action).FirstAsync()));
    }

    [Fact]
    public async Task A_Windows_1252_file_with_commas_keeps_its_accents()
    {
        using var admin = await AdminAsync("import.ansi@scari.test");
        var csv = "tipo_documento,numero_documento,nombres,apellidos,publico,dependencia,vinculo,cargo\r\n" +
                  "CC,72000001,José Ñandú,Peña Muñoz,servidor,SHAC,planta,\"Técnico operativo, grado 2\"\r\n";
        var preview = await admin.UploadAsync(ImportClient.Windows1252.GetBytes(csv));
        var html = await admin.GetStringAsync(preview);
        Assert.Contains("Windows-1252", html);
        Assert.Contains("coma (,)", html);
        using var confirmed = await admin.ConfirmAsync(preview);
        var person = await App.WithDbAsync(db => db.People.AsNoTracking().SingleAsync(p => p.DocumentNumber == "72000001"));
        Assert.Equal("José Ñandú Peña Muñoz", person.FullName);
        Assert.Equal("Técnico operativo, grado 2", person.Cargo);
    }

    [Fact]
    public async Task A_minor_needs_the_guardian_columns_and_gets_a_guardian_consent()
    {
        using var admin = await AdminAsync("import.menor@scari.test");
        var birth = DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-13).ToString("yyyy-MM-dd");
        const string header = "tipo_documento;numero_documento;nombres;apellidos;publico;colegio;grado;fecha_nacimiento;acudiente_nombre;acudiente_parentesco;acudiente_documento;autorizacion_forma;autorizacion_fecha";
        var without = ImportClient.Utf8Bom($"{header}\r\nTI;1043555001;Mateo;Cruz;estudiante;Institución Educativa de Manga;7;{birth};;;;;\r\n");
        var html = await admin.GetStringAsync(await admin.UploadAsync(without));
        Assert.Contains("Es menor de 18 años: complete las columnas del acudiente", html);

        var with = ImportClient.Utf8Bom($"{header}\r\nTI;1043555001;Mateo;Cruz;estudiante;Institución Educativa de Manga;7;{birth};Rosa Cruz;Madre;52000999;Formulario firmado;{DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1):yyyy-MM-dd}\r\n");
        await admin.ImportAsync(with);
        var consent = await App.WithDbAsync(db => db.Consents.AsNoTracking().SingleAsync(c => c.Person.DocumentNumber == "1043555001"));
        Assert.Equal(ConsentKind.GuardianConsent, consent.Kind);
        Assert.Equal("Rosa Cruz", consent.GuardianName);
        await admin.ImportAsync(with); // again: no second consent
        Assert.Equal(1, await App.WithDbAsync(db => db.Consents.CountAsync(c => c.Person.DocumentNumber == "1043555001")));
    }

    [Fact]
    public async Task A_coordinator_imports_only_into_their_own_colegio()
    {
        var ie001 = await App.WithDbAsync(db => db.Colegios.Where(c => c.Code == "IE001").Select(c => c.Id).SingleAsync());
        var coordinator = await App.CreateUserAsync("coordina.import@scari.test", Roles.Coordinador);
        await App.WithDbAsync(db => db.Users.Where(u => u.Id == coordinator.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.CoordinatedColegioId, ie001)));
        using var client = await App.SignedInClientAsync("coordina.import@scari.test");
        var csv = string.Join("\r\n",
            "tipo_documento;numero_documento;nombres;apellidos;publico;colegio;grado;fecha_nacimiento;dependencia;vinculo;cargo",
            "CC;1043777001;Camila;Ortiz;estudiante;IE001;11;2006-01-10;;;",
            "CC;1043777002;Andrés;Vega;estudiante;IE002;11;2006-01-10;;;",
            "CC;73000003;Luis;Mejía;servidor;;;;SHAC;planta;Técnico");
        var html = await client.GetStringAsync(await client.UploadAsync(ImportClient.Utf8Bom(csv)));
        Assert.Contains("Solo puede importar estudiantes del colegio que usted coordina.", html);
        Assert.Contains("Su cuenta coordina un colegio: solo puede importar estudiantes de ese colegio.", html);

        await client.ImportAsync(ImportClient.Utf8Bom(string.Join("\r\n", csv.Split("\r\n")[..2])));
        Assert.True(await App.WithDbAsync(db => db.People.AnyAsync(p => p.DocumentNumber == "1043777001" && p.ColegioId == ie001)));

        // Someone else's pending import is not theirs to see.
        using var admin = await AdminAsync("import.otro@scari.test");
        var adminPreview = await admin.UploadAsync(ImportClient.Utf8Bom(csv));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(adminPreview)).StatusCode);
    }

    [Fact]
    public async Task Re_importing_with_a_new_dependencia_writes_history_from_the_vigente_desde_date()
    {
        using var admin = await AdminAsync("import.historia@scari.test");
        const string header = "tipo_documento;numero_documento;nombres;apellidos;publico;dependencia;vinculo;cargo;vigente_desde";
        await admin.ImportAsync(ImportClient.Utf8Bom(header + "\r\nCC;71990001;Nora;Historia;servidor;SHAC;planta;Profesional;2022-01-01\r\n"));
        // The same file again writes no history; a later file moves her from 2026-02-01.
        await admin.ImportAsync(ImportClient.Utf8Bom(header + "\r\nCC;71990001;Nora;Historia;servidor;SHAC;planta;Profesional;2022-01-01\r\n"));
        var other = await App.WithDbAsync(db => db.Dependencias.Where(d => d.Code != "SHAC").Select(d => d.Code).FirstAsync());
        await admin.ImportAsync(ImportClient.Utf8Bom(header + $"\r\nCC;71990001;Nora;Historia;servidor;{other};contratista;Profesional;2026-02-01\r\n"));
        var bad = await admin.GetStringAsync(await admin.UploadAsync(ImportClient.Utf8Bom(header + "\r\nCC;71990001;Nora;Historia;servidor;SHAC;planta;Profesional;31-31-2024\r\n")));
        Assert.Contains("La fecha «31-31-2024» no es válida", bad);

        var spans = await App.WithDbAsync(db => db.PersonAttributes.AsNoTracking().Where(a => a.Person.DocumentNumber == "71990001")
            .OrderBy(a => a.Id).Select(a => new { Dep = a.Dependencia!.Code, a.Vinculo, a.ValidFromUtc, a.ValidUntilUtc }).ToListAsync());
        Assert.Equal(2, spans.Count);
        Assert.Equal(("SHAC", Vinculo.Planta, Scari.Web.Bogota.StartOfDayUtc(new DateOnly(2022, 1, 1))), (spans[0].Dep, spans[0].Vinculo!.Value, spans[0].ValidFromUtc!.Value));
        Assert.Equal(Scari.Web.Bogota.StartOfDayUtc(new DateOnly(2026, 2, 1)), spans[0].ValidUntilUtc);
        Assert.Equal((other, Vinculo.Contratista, spans[0].ValidUntilUtc, (DateTime?)null), (spans[1].Dep, spans[1].Vinculo!.Value, spans[1].ValidFromUtc, spans[1].ValidUntilUtc));
    }

    [Fact]
    public async Task An_empty_document_type_is_TI_for_a_student_under_18_and_must_be_written_for_anyone_else()
    {
        using var admin = await AdminAsync("import.ti@scari.test");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var header = Header + ";acudiente_nombre;acudiente_parentesco;acudiente_documento;autorizacion_forma;autorizacion_fecha";
        var student = $";1043199001;Sara;Julio;;estudiante;;;;IE001;9;{today.AddYears(-14):yyyy-MM-dd};;;Rosa Julio;Madre;52199001;Formulario firmado;{today.AddDays(-1):yyyy-MM-dd}";
        var csv = string.Join("\r\n", header, student, ";80199002;Carlos;Ruiz;;servidor;SHAC;planta;Técnico;;;;;;;;;;") + "\r\n";

        var page = FormPosting.Parse(await admin.GetStringAsync(await admin.UploadAsync(ImportClient.Utf8Bom(csv))));
        var problems = page.QuerySelectorAll(".import-problems tbody tr")
            .Select(tr => tr.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray()).ToList();
        var problem = Assert.Single(problems);
        Assert.Equal(["3", "tipo_documento"], problem[..2]);
        Assert.Contains("Falta el tipo de documento", problem[2]);

        using var confirmed = await admin.ConfirmAsync(await admin.UploadAsync(ImportClient.Utf8Bom(header + "\r\n" + student + "\r\n")));
        Assert.Equal(DocumentType.TI, await App.WithDbAsync(db => db.People.Where(p => p.DocumentNumber == "1043199001").Select(p => p.DocumentType).SingleAsync()));
    }
}
