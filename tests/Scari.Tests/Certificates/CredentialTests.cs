using System.Text;
using System.Text.Json.Nodes;
using Scari.Web.Features.Certificates;

namespace Scari.Tests.Certificates;

public sealed class CredentialTests
{
    private static (string Json, SigningKey Key, Certificate Certificate) Issued()
    {
        var key = SampleCertificate.NewKey();
        var certificate = SampleCertificate.Create(key);
        return (Encoding.UTF8.GetString(CertificateCredential.Write(certificate, key, "https://scari.test")), key, certificate);
    }

    [Fact]
    public void The_credential_is_shaped_like_an_Open_Badges_3_credential_and_verifies()
    {
        var (json, key, certificate) = Issued();
        using var _ = key;
        var root = JsonNode.Parse(json)!;
        Assert.Contains("OpenBadgeCredential", root["type"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("https://scari.test/verificar/" + certificate.Code, root["url"]!.GetValue<string>());
        Assert.Equal("Seguridad digital para servidores públicos", root["credentialSubject"]!["achievement"]!["name"]!.GetValue<string>());
        Assert.Equal("DataIntegrityProof", root["proof"]!["type"]!.GetValue<string>());

        var result = CertificateCredential.Verify(json, null);
        Assert.True(result.Valid, result.Message);
        Assert.Equal(certificate.Code, result.Code);
        Assert.Equal(key.KeyId, result.KeyId);
    }

    [Theory]
    [InlineData("credentialSubject.identifier.0.identityHash", "José Pérez Nuñez")]
    [InlineData("credentialSubject.identifier.1.identityHash", "CC 1047394520")]
    [InlineData("credentialSubject.achievement.name", "Otro curso")]
    [InlineData("credentialSubject.activityEndDate", "2026-03-13")]
    [InlineData("issuer.official", "Alcalde")]
    [InlineData("validFrom", "2026-03-15T14:30:06Z")]
    public void Changing_a_field_of_the_credential_breaks_it(string path, string value)
    {
        var (json, key, _) = Issued();
        using var __ = key;
        var root = JsonNode.Parse(json)!;
        var parts = path.Split('.');
        var node = root;
        foreach (var part in parts[..^1]) node = int.TryParse(part, out var i) ? node[i]! : node[part]!;
        node[parts[^1]] = value;

        var result = CertificateCredential.Verify(root.ToJsonString(), null);
        Assert.False(result.Valid);
        Assert.Contains("fue modificado", result.Message);
    }

    [Fact]
    public void Changing_the_hours_breaks_it()
    {
        var (json, key, _) = Issued();
        using var __ = key;
        var root = JsonNode.Parse(json)!;
        root["credentialSubject"]!["creditsEarned"] = 400;
        Assert.False(CertificateCredential.Verify(root.ToJsonString(), null).Valid);
    }

    [Fact]
    public void A_credential_signed_by_another_key_fails_with_the_published_key()
    {
        var (json, key, _) = Issued();
        using var __ = key;
        using var published = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var result = CertificateCredential.Verify(json, published);
        Assert.False(result.Valid);
        Assert.Contains("otra clave", result.Message);
    }

    [Fact]
    public void The_command_line_verifies_a_valid_file_and_rejects_a_tampered_one_offline()
    {
        var (json, key, certificate) = Issued();
        using var __ = key;
        var folder = Directory.CreateTempSubdirectory("scari-cert-");
        try
        {
            var valid = Path.Combine(folder.FullName, "valido.json");
            var tampered = Path.Combine(folder.FullName, "alterado.json");
            var pem = Path.Combine(folder.FullName, "clave.pem");
            File.WriteAllText(valid, json);
            File.WriteAllText(tampered, json.Replace("José Pérez Núñez", "Josefa Pérez Núñez"));
            File.WriteAllText(pem, key.PublicKeyPem);

            // The real program, as `dotnet run --project src/Scari.Web -- certificate verify` runs it; no database configured.
            var app = Path.Combine(AppContext.BaseDirectory, "Scari.Web.dll");
            var ok = SampleCertificate.Run("dotnet", app, "certificate", "verify", valid, "--key", pem);
            Assert.True(ok.ExitCode == 0, ok.Output + ok.Error);
            Assert.Contains($"VÁLIDO: {certificate.Code}", ok.Output);

            var bad = SampleCertificate.Run("dotnet", app, "certificate", "verify", tampered, "--key", pem);
            Assert.Equal(1, bad.ExitCode);
            Assert.Contains("NO VÁLIDO", bad.Output);
            Assert.Contains("fue modificado", bad.Output);

            var output = new StringWriter();
            Assert.Equal(0, CertificateCommand.Run(["verify", valid], output, output));
            Assert.Equal(2, CertificateCommand.Run(["verify", Path.Combine(folder.FullName, "no-existe.json")], output, output));
            Assert.Contains("No se encontró el archivo", output.ToString());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
