/// The tax ID formats Polar accepts, named as Stripe names them.
///
/// A customer's `tax_id` travels as a two-element JSON array, `["VALUE", "format"]`.
public enum TaxIDFormat: String, Codable, Sendable, Hashable, CaseIterable {
    /// Andorra: NRT number.
    case adNrt = "ad_nrt"
    /// United Arab Emirates: TRN.
    case aeTrn = "ae_trn"
    /// Argentina: CUIT.
    case arCuit = "ar_cuit"
    /// Australia: Business Number (ABN).
    case auAbn = "au_abn"
    /// Australia: Taxation Office Reference Number (ARN).
    case auArn = "au_arn"
    /// Bulgaria: Unified Identification Code.
    case bgUic = "bg_uic"
    /// Bahrain: VAT number.
    case bhVat = "bh_vat"
    /// Bolivia: tax ID.
    case boTin = "bo_tin"
    /// Brazil: CNPJ (companies).
    case brCnpj = "br_cnpj"
    /// Brazil: CPF (individuals).
    case brCpf = "br_cpf"
    /// Canada: Business Number.
    case caBn = "ca_bn"
    /// Canada: GST/HST number.
    case caGstHst = "ca_gst_hst"
    /// Canada: British Columbia PST number.
    case caPstBc = "ca_pst_bc"
    /// Canada: Manitoba PST number.
    case caPstMb = "ca_pst_mb"
    /// Canada: Saskatchewan PST number.
    case caPstSk = "ca_pst_sk"
    /// Canada: Québec QST number.
    case caQst = "ca_qst"
    /// Switzerland: UID number.
    case chUid = "ch_uid"
    /// Switzerland: VAT number.
    case chVat = "ch_vat"
    /// Chile: TIN (RUT).
    case clTin = "cl_tin"
    /// China: tax ID.
    case cnTin = "cn_tin"
    /// Colombia: NIT.
    case coNit = "co_nit"
    /// Costa Rica: tax ID.
    case crTin = "cr_tin"
    /// Germany: tax number (Steuernummer).
    case deStn = "de_stn"
    /// Dominican Republic: RNC.
    case doRcn = "do_rcn"
    /// Ecuador: RUC.
    case ecRuc = "ec_ruc"
    /// Egypt: tax ID.
    case egTin = "eg_tin"
    /// Spain: NIF (formerly CIF).
    case esCif = "es_cif"
    /// European Union: One Stop Shop VAT number (non-Union scheme).
    case euOssVat = "eu_oss_vat"
    /// European Union: VAT number, with its country prefix (`FR…`, `EL…` for Greece).
    case euVat = "eu_vat"
    /// United Kingdom: VAT number.
    case gbVat = "gb_vat"
    /// Georgia: VAT number.
    case geVat = "ge_vat"
    /// Hong Kong: Business Registration number.
    case hkBr = "hk_br"
    /// Croatia: OIB.
    case hrOib = "hr_oib"
    /// Hungary: tax number (adószám).
    case huTin = "hu_tin"
    /// Indonesia: NPWP.
    case idNpwp = "id_npwp"
    /// Israel: VAT number.
    case ilVat = "il_vat"
    /// India: GSTIN.
    case inGst = "in_gst"
    /// Iceland: VAT number.
    case isVat = "is_vat"
    /// Japan: Corporate Number (Hōjin Bangō).
    case jpCn = "jp_cn"
    /// Japan: Registered Foreign Business number.
    case jpRn = "jp_rn"
    /// Japan: Tax Registration Number (Tōroku Bangō).
    case jpTrn = "jp_trn"
    /// Kenya: KRA PIN.
    case kePin = "ke_pin"
    /// South Korea: Business Registration Number.
    case krBrn = "kr_brn"
    /// Kazakhstan: Business Identification Number.
    case kzBin = "kz_bin"
    /// Liechtenstein: UID number.
    case liUid = "li_uid"
    /// North Macedonia: VAT number.
    case mkVat = "mk_vat"
    /// Mexico: RFC.
    case mxRfc = "mx_rfc"
    /// Malaysia: FRP number.
    case myFrp = "my_frp"
    /// Malaysia: ITN.
    case myItn = "my_itn"
    /// Malaysia: SST number.
    case mySst = "my_sst"
    /// Nigeria: TIN.
    case ngTin = "ng_tin"
    /// Norway: VAT number.
    case noVat = "no_vat"
    /// Norway: VOEC number (VAT on e-commerce).
    case noVoec = "no_voec"
    /// New Zealand: GST number.
    case nzGst = "nz_gst"
    /// Oman: VAT number.
    case omVat = "om_vat"
    /// Peru: RUC.
    case peRuc = "pe_ruc"
    /// Philippines: TIN.
    case phTin = "ph_tin"
    /// Romania: tax ID.
    case roTin = "ro_tin"
    /// Serbia: PIB.
    case rsPib = "rs_pib"
    /// Russia: INN.
    case ruInn = "ru_inn"
    /// Russia: KPP.
    case ruKpp = "ru_kpp"
    /// Saudi Arabia: VAT number.
    case saVat = "sa_vat"
    /// Singapore: GST number.
    case sgGst = "sg_gst"
    /// Singapore: UEN.
    case sgUen = "sg_uen"
    /// Slovenia: tax number (davčna številka).
    case siTin = "si_tin"
    /// El Salvador: NIT.
    case svNit = "sv_nit"
    /// Thailand: VAT number.
    case thVat = "th_vat"
    /// Turkey: TIN.
    case trTin = "tr_tin"
    /// Taiwan: VAT number (unified business number).
    case twVat = "tw_vat"
    /// Ukraine: VAT number.
    case uaVat = "ua_vat"
    /// United States: Employer Identification Number (EIN).
    case usEin = "us_ein"
    /// Uruguay: RUC.
    case uyRuc = "uy_ruc"
    /// Venezuela: RIF.
    case veRif = "ve_rif"
    /// Vietnam: tax ID.
    case vnTin = "vn_tin"
    /// South Africa: VAT number.
    case zaVat = "za_vat"
    /// Mauritius: Tax Account Number (8 digits, starting with 2 or 3).
    case muTan = "mu_tan"
}

/// A validated tax ID: the compact value and the format it validated as.
///
/// Encoded as Polar writes it, a two-element array `["FR61954506077", "eu_vat"]`.
public struct TaxID: Codable, Sendable, Hashable {
    /// The compact value: separators removed, upper case; some formats drop the country prefix.
    public var value: String
    /// The format the value validated as.
    public var format: TaxIDFormat

    /// Creates a tax ID.
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
