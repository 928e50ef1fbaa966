using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ContactTrace.Host.FunctionalTests;

/// <summary>Self-signed certificates for silo TLS, written where a host reads them: PKCS#12 or a PEM pair.</summary>
internal static class SiloCertificates
{
    public static X509Certificate2 Create(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={subject}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>The certificate as a password-protected PKCS#12 file in a fresh temporary folder.</summary>
    public static string WritePkcs12(X509Certificate2 certificate, string password)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("contacttrace-tls-").FullName, "silo.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, password));
        return path;
    }

    /// <summary>The certificate and its key as Kubernetes mounts a TLS Secret: <c>tls.crt</c> and <c>tls.key</c> in one folder.</summary>
    public static (string Certificate, string Key) WritePem(X509Certificate2 certificate, string directory)
    {
        Directory.CreateDirectory(directory);
        var (crt, key) = (Path.Combine(directory, "tls.crt"), Path.Combine(directory, "tls.key"));
        File.WriteAllText(crt, certificate.ExportCertificatePem());
        File.WriteAllText(key, certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        return (crt, key);
    }
}
