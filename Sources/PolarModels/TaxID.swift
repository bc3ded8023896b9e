/// The tax ID formats Polar accepts, named as Stripe names them.
///
/// A customer's `tax_id` travels as a two-element JSON array, `["VALUE", "format"]`.
public enum TaxIDFormat: String, Codable, Sendable, Hashable, CaseIterable {
    case adNrt = "ad_nrt"
    case aeTrn = "ae_trn"
    case arCuit = "ar_cuit"
    case auAbn = "au_abn"
    case auArn = "au_arn"
    case bgUic = "bg_uic"
    case bhVat = "bh_vat"
    case boTin = "bo_tin"
    case brCnpj = "br_cnpj"
    case brCpf = "br_cpf"
    case caBn = "ca_bn"
    case caGstHst = "ca_gst_hst"
    case caPstBc = "ca_pst_bc"
    case caPstMb = "ca_pst_mb"
    case caPstSk = "ca_pst_sk"
    case caQst = "ca_qst"
    case chUid = "ch_uid"
    case chVat = "ch_vat"
    case clTin = "cl_tin"
    case cnTin = "cn_tin"
    case coNit = "co_nit"
    case crTin = "cr_tin"
    case deStn = "de_stn"
    case doRcn = "do_rcn"
    case ecRuc = "ec_ruc"
    case egTin = "eg_tin"
    case esCif = "es_cif"
    case euOssVat = "eu_oss_vat"
    case euVat = "eu_vat"
    case gbVat = "gb_vat"
    case geVat = "ge_vat"
    case hkBr = "hk_br"
    case hrOib = "hr_oib"
    case huTin = "hu_tin"
    case idNpwp = "id_npwp"
    case ilVat = "il_vat"
    case inGst = "in_gst"
    case isVat = "is_vat"
    case jpCn = "jp_cn"
    case jpRn = "jp_rn"
    case jpTrn = "jp_trn"
    case kePin = "ke_pin"
    case krBrn = "kr_brn"
    case kzBin = "kz_bin"
    case liUid = "li_uid"
    case mkVat = "mk_vat"
    case mxRfc = "mx_rfc"
    case myFrp = "my_frp"
    case myItn = "my_itn"
    case mySst = "my_sst"
    case ngTin = "ng_tin"
    case noVat = "no_vat"
    case noVoec = "no_voec"
    case nzGst = "nz_gst"
    case omVat = "om_vat"
    case peRuc = "pe_ruc"
    case phTin = "ph_tin"
    case roTin = "ro_tin"
    case rsPib = "rs_pib"
    case ruInn = "ru_inn"
    case ruKpp = "ru_kpp"
    case saVat = "sa_vat"
    case sgGst = "sg_gst"
    case sgUen = "sg_uen"
    case siTin = "si_tin"
    case svNit = "sv_nit"
    case thVat = "th_vat"
    case trTin = "tr_tin"
    case twVat = "tw_vat"
    case uaVat = "ua_vat"
    case usEin = "us_ein"
    case uyRuc = "uy_ruc"
    case veRif = "ve_rif"
    case vnTin = "vn_tin"
    case zaVat = "za_vat"
    case muTan = "mu_tan"
}

/// A validated tax ID: the compact value and the format it validated as.
///
/// Encoded as Polar writes it, a two-element array `["FR61954506077", "eu_vat"]`.
public struct TaxID: Codable, Sendable, Hashable {
    public var value: String
    public var format: TaxIDFormat

    public init(value: String, format: TaxIDFormat) {
        self.value = value
        self.format = format
    }

    public init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        value = try container.decode(String.self)
        format = try container.decode(TaxIDFormat.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        try container.encode(value)
        try container.encode(format)
    }
}
