using System.Net;
using Microsoft.EntityFrameworkCore;
using Scari.Testing;
using Scari.Web.Features.People;
using Scari.Web.Features.Privacy;

namespace Scari.IntegrationTests;

public sealed class RegistrationTests(PostgresApp fixture) : IClassFixture<PostgresApp>
{
    private ScariAppFactory App => fixture.App;

    private async Task<Dictionary<string, string>> ValidFormAsync(string number, string email) => new()
    {
        ["Input.DocumentType"] = "CC",
        ["Input.DocumentNumber"] = number,
        ["Input.GivenNames"] = "María José",
        ["Input.FamilyNames"] = "Núñez Peña",
        ["Input.Email"] = email,
        ["Input.DependenciaId"] = (await App.DependenciaIdAsync("OAIN")).ToString(),
        ["Input.Vinculo"] = "Contratista",
        ["Input.Cargo"] = "Profesional de apoyo",
        ["Input.Password"] = "clave-larga-2026",
        ["Input.ConfirmPassword"] = "clave-larga-2026",
        ["Input.AcceptsPrivacyNotice"] = "true",
    };

    [Fact]
    public async Task A_civil_servant_registers_is_signed_in_and_their_acceptance_of_the_notice_is_stored_with_its_version()
    {
        using var client = App.CreateBrowserLikeClient();
        using var response = await client.PostFormAsync("/cuenta/registro", await ValidFormAsync("1.047.222.333", "Maria.Nunez@Cartagena.gov.co"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/mi-aprendizaje", response.Headers.Location!.OriginalString);
        var saved = await App.WithDbAsync(db => db.People.Where(p => p.DocumentNumber == "1047222333")
            .Select(p => new
            {
                p.Id,
                p.Audience,
                p.Email,
                p.FullName,
                p.Vinculo,
                Account = db.Users.Where(u => u.PersonId == p.Id).Select(u => u.UserName).Single(),
                Roles = db.UserRoles.Count(r => db.Users.Any(u => u.PersonId == p.Id && u.Id == r.UserId) && r.RoleId == "aprendiz"),
                Consent = db.Consents.Where(c => c.PersonId == p.Id).Select(c => new { c.Kind, c.TextVersion, c.GivenUtc }).Single(),
            }).SingleAsync());
        Assert.Equal(Audience.Staff, saved.Audience);
        Assert.Equal("maria.nunez@cartagena.gov.co", saved.Email);
        Assert.Equal("maria.nunez@cartagena.gov.co", saved.Account);
        Assert.Equal("María José Núñez Peña", saved.FullName);
        Assert.Equal(Vinculo.Contratista, saved.Vinculo);
        Assert.Equal(1, saved.Roles);
        Assert.Equal(ConsentKind.DataTreatment, saved.Consent.Kind);
        Assert.Equal(PrivacyNotice.Version, saved.Consent.TextVersion);
        Assert.True(DateTime.UtcNow - saved.Consent.GivenUtc < TimeSpan.FromMinutes(5));

        // The session works, and the new account signs in again with the e-mail or the document number.
        using var signedIn = await App.SignedInClientAsync("1047222333", "clave-larga-2026");
        using var again = await App.SignedInClientAsync("maria.nunez@cartagena.gov.co", "clave-larga-2026");
    }

    public static TheoryData<string, string, string> BadInputs => new()
    {
        { "Input.DocumentNumber", "12.34a.567", "El número de cédula de ciudadanía debe tener solo dígitos, entre 3 y 10." },
        { "Input.DocumentNumber", "", "Escriba el número de cédula de ciudadanía." },
        { "Input.GivenNames", "", "Escriba los nombres." },
        { "Input.FamilyNames", "P3ña", "Los apellidos solo pueden tener letras, espacios, apóstrofos, guiones y puntos." },
        { "Input.Email", "maria@", "El correo electrónico «maria@» no es válido: escríbalo como nombre@dominio.gov.co." },
        { "Input.Email", "", "Escriba el correo electrónico." },
        { "Input.DependenciaId", "", "Elija su dependencia de la lista." },
        { "Input.DependenciaId", "999999", "Elija su dependencia de la lista." },
        { "Input.Vinculo", "", "Elija su vínculo: planta o contratista." },
        { "Input.Cargo", "", "Escriba el cargo o el objeto del contrato." },
        { "Input.Password", "corta1", "La contraseña debe tener al menos 12 caracteres." },
        { "Input.ConfirmPassword", "otra-clave-2026", "Las dos contraseñas no coinciden." },
        { "Input.AcceptsPrivacyNotice", "false", "Para registrarse debe leer y aceptar el aviso de privacidad (tratamiento de datos personales)." },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Every_bad_input_gets_its_Spanish_message_and_nothing_is_written(string field, string value, string message)
    {
        var form = await ValidFormAsync("52999888", "otra.persona@cartagena.gov.co");
        form[field] = value;
        var before = await CountsAsync();

        using var client = App.CreateBrowserLikeClient();
        using var response = await client.PostFormAsync("/cuenta/registro", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(message, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task A_document_or_email_already_registered_is_refused_with_a_clear_message_and_nothing_is_written()
    {
        using (var first = App.CreateBrowserLikeClient())
            Assert.Equal(HttpStatusCode.Redirect, (await first.PostFormAsync("/cuenta/registro", await ValidFormAsync("73111222", "primera@cartagena.gov.co"))).StatusCode);
        var before = await CountsAsync();

        using var client = App.CreateBrowserLikeClient();
        using var sameDocument = await client.PostFormAsync("/cuenta/registro", await ValidFormAsync("73.111.222", "segunda@cartagena.gov.co"));
        Assert.Contains("Ya existe una persona registrada con cédula de ciudadanía número 73111222.", WebUtility.HtmlDecode(await sameDocument.Content.ReadAsStringAsync()));

        using var sameEmail = await client.PostFormAsync("/cuenta/registro", await ValidFormAsync("73111999", "PRIMERA@cartagena.gov.co"));
        Assert.Contains("Ya existe una cuenta con el correo primera@cartagena.gov.co.", WebUtility.HtmlDecode(await sameEmail.Content.ReadAsStringAsync()));

        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task The_privacy_page_shows_the_current_version_of_the_notice()
    {
        using var client = App.CreateBrowserLikeClient();
        var html = await client.GetStringAsync("/privacidad");
        Assert.Contains($"Versión {PrivacyNotice.Version}", html);
        Assert.Contains("Ley 1581 de 2012", html);
    }

    private Task<(int People, int Users, int Consents)> CountsAsync() =>
        App.WithDbAsync(async db => (await db.People.CountAsync(), await db.Users.CountAsync(), await db.Consents.CountAsync()));
}
