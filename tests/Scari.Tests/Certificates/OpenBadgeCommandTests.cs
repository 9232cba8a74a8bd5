using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using Scari.Web.Features.Certificates;

namespace Scari.Tests.Certificates;

public sealed class OpenBadgeCommandTests
{
    private static OpenBadgeCredential.Facts Facts(DateTime? validUntil = null) => new(
        "SCARI-2026-7KQ4-M2XD-9HTA-Q", Guid.NewGuid(), "José Pérez Núñez", "seguridad-digital", "Seguridad digital para servidores públicos",
        "2026.1", 40, new DateOnly(2026, 3, 14), "Alcaldía Mayor de Cartagena de Indias", "Jefe de la Oficina Asesora de Informática",
        new DateTime(2026, 3, 15, 14, 30, 5, DateTimeKind.Utc), validUntil, 4711);

    private static string JwkSet(RSA rsa, string kid)
    {
        var p = rsa.ExportParameters(false);
        return $"{{\"keys\":[{{\"kty\":\"RSA\",\"n\":\"{Base64UrlEncoder.Encode(p.Modulus)}\",\"e\":\"{Base64UrlEncoder.Encode(p.Exponent)}\",\"kid\":\"{kid}\",\"alg\":\"RS256\",\"use\":\"sig\"}}]}}";
    }

    [Fact]
    public void The_command_line_verifies_an_Open_Badges_jwt_with_a_saved_JWK_Set_and_rejects_a_tampered_or_expired_one()
    {
        using var rsa = RSA.Create(2048);
        const string kid = "https://scari.test/emisor/claves/abc";
        var jwt = OpenBadgeCredential.Sign(OpenBadgeCredential.Payload(Facts(), "https://scari.test", hasImage: false), rsa, kid);
        var expired = OpenBadgeCredential.Sign(OpenBadgeCredential.Payload(Facts(new DateTime(2026, 4, 1, 0, 0, 0, DateTimeKind.Utc)), "https://scari.test", false), rsa, kid);
        var parts = jwt.Split('.');
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(Base64UrlEncoder.Decode(parts[1]).Replace("\"creditsEarned\":40", "\"creditsEarned\":400"))}.{parts[2]}";
        using var other = RSA.Create(2048);

        var folder = Directory.CreateTempSubdirectory("scari-ob3-");
        try
        {
            string Write(string name, string text) { var path = Path.Combine(folder.FullName, name); File.WriteAllText(path, text); return path; }
            var valid = Write("valido.jwt", jwt);
            var keys = Write("claves.json", JwkSet(rsa, kid));

            // The real program, as `dotnet run --project src/Scari.Web -- certificate verify` runs it; no database configured.
            var app = Path.Combine(AppContext.BaseDirectory, "Scari.Web.dll");
            var ok = SampleCertificate.Run("dotnet", app, "certificate", "verify", valid, "--key", keys);
            Assert.True(ok.ExitCode == 0, ok.Output + ok.Error);
            Assert.Contains("VÁLIDO: SCARI-2026-7KQ4-M2XD-9HTA-Q", ok.Output);
            Assert.Contains("José Pérez Núñez", ok.Output);

            var output = new StringWriter();
            Assert.Equal(1, CertificateCommand.Run(["verify", Write("alterado.jwt", tampered), "--key", keys], output, output));
            Assert.Contains("NO VÁLIDO: La firma no corresponde", output.ToString());

            output = new StringWriter();
            Assert.Equal(1, CertificateCommand.Run(["verify", valid, "--key", Write("otra.json", JwkSet(other, "https://scari.test/emisor/claves/otra"))], output, output));
            Assert.Contains("no trae la clave", output.ToString());

            output = new StringWriter();
            Assert.Equal(0, CertificateCommand.Run(["verify", Write("vencido.jwt", expired), "--key", keys], output, output));
            Assert.Contains("VENCIDO desde 2026-04-01T00:00:00Z", output.ToString());

            output = new StringWriter();
            Assert.Equal(2, CertificateCommand.Run(["verify", valid], output, output));
            Assert.Contains("https://scari.test/emisor/claves", output.ToString());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_claims_mirror_the_credential_and_a_mismatch_fails()
    {
        using var rsa = RSA.Create(2048);
        var key = new RsaSecurityKey(rsa) { KeyId = "k" };
        var payload = System.Text.Encoding.UTF8.GetString(OpenBadgeCredential.Payload(Facts(), "https://scari.test", false));
        var good = await OpenBadgeCredential.VerifyAsync(OpenBadgeCredential.Sign(System.Text.Encoding.UTF8.GetBytes(payload), rsa, "k"), key);
        Assert.True(good.Valid, good.Message);
        Assert.Equal(Facts() with { SubjectId = good.Facts!.SubjectId }, good.Facts);

        // Signed correctly, but the jti names another credential: OB 3.0 says the credential is not valid.
        var otherJti = payload.Replace("\"jti\":\"https://scari.test/verificar/", "\"jti\":\"https://scari.test/verificar/X");
        var bad = await OpenBadgeCredential.VerifyAsync(OpenBadgeCredential.Sign(System.Text.Encoding.UTF8.GetBytes(otherJti), rsa, "k"), key);
        Assert.False(bad.Valid);
        Assert.Contains("«jti»", bad.Message);
    }
}
