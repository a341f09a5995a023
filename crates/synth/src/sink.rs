//! Containers: how a written document reaches the disk, and the `source` name
//! `jiuzhu extract OUT/docs` will give it (DESIGN.md §4 "Sources"; jiuzhu-ingest crate docs):
//! a file's path relative to `docs/`, `file.csv#N` for a dump row (header not counted),
//! `file.jsonl#N` for a JSON Lines line, `archive.zip!member` for a zip member and
//! `x.csv.gz!x.csv#N` for a row of a gzipped dump.
//!
//! Files are written as documents come (the corpus is never held in memory); the dump CSV,
//! JSON Lines and zip containers are chunked and closed when full.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use flate2::Compression;
use flate2::write::GzEncoder;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::Error;
use crate::doc::{Rendered, Sec};
use crate::rng::Rng;
use crate::text::{Zero, cn_date};

/// Where one document goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Container {
    /// A `.txt` file, UTF-8 or GB18030.
    Txt { gb: bool },
    /// A China Judgments Online page (`<div id="DivContent">`).
    HtmlWenshu,
    /// A provincial court portal page.
    HtmlPortal,
    /// The procuratorate case-information portal (12309).
    Html12309,
    /// A susong51 court-site fragment (masks as `&times;`).
    HtmlSusong,
    /// Judgment XML (`<writ><QW value oValue nameCN>`).
    Xml,
    /// A row of the bulk dump CSV.
    Dump,
    /// A JSON Lines record with `全文`.
    JsonlFull,
    /// A JSON Lines record of the 2019+ API: `qwContent` HTML and `sN` fields.
    JsonlApi,
    /// A member of a zip archive.
    Zip { gb: bool },
}

impl Container {
    pub fn name(self) -> &'static str {
        match self {
            Container::Txt { gb: false } => "txt-utf8",
            Container::Txt { gb: true } => "txt-gb18030",
            Container::HtmlWenshu => "html-wenshu",
            Container::HtmlPortal => "html-portal",
            Container::Html12309 => "html-12309",
            Container::HtmlSusong => "html-susong51",
            Container::Xml => "xml",
            Container::Dump => "dump-csv",
            Container::JsonlFull => "jsonl-fulltext",
            Container::JsonlApi => "jsonl-api",
            Container::Zip { gb: false } => "zip-member-utf8",
            Container::Zip { gb: true } => "zip-member-gb18030",
        }
    }

    /// The anonymisation style needs stars (李**) or × (王××).
    pub fn star_masks(self) -> bool {
        matches!(self, Container::Dump | Container::HtmlSusong)
    }
}

/// How paragraphs are joined in a plain-text rendering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    Lf,
    Crlf,
    /// One line, paragraphs separated by a space (as JuDGE `fd` and the dump 全文).
    FlatSpace,
    /// One line, nothing between paragraphs.
    FlatNone,
    /// Private-Use-Area glyphs where paragraph breaks were (crawled texts).
    Pua,
}

#[derive(Debug, Clone, Copy)]
pub struct Layout {
    pub lines: Lines,
    /// ASCII digits printed full-width (０-９).
    pub fullwidth: bool,
}

impl Layout {
    pub fn draw(rng: &mut Rng, gb: bool) -> Layout {
        let lines = if gb && rng.chance(0.7) {
            Lines::Crlf
        } else {
            match rng.weighted(&[80, 8, 4, 5]) {
                0 => Lines::Lf,
                1 => Lines::FlatSpace,
                2 => Lines::FlatNone,
                _ => Lines::Pua,
            }
        };
        Layout {
            lines,
            fullwidth: rng.chance(0.04),
        }
    }
}

fn fullwidth(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_digit() {
                char::from_u32(c as u32 + 0xFEE0).unwrap_or(c)
            } else {
                c
            }
        })
        .collect()
}

/// The paragraphs of a document after digit noise.
fn paragraphs(doc: &Rendered, layout: Layout) -> Vec<(Sec, String)> {
    doc.paras
        .iter()
        .map(|(s, p)| {
            let p = if layout.fullwidth {
                fullwidth(p)
            } else {
                p.clone()
            };
            (*s, p)
        })
        .collect()
}

/// The plain text of a document under a layout.
pub fn plain_text(doc: &Rendered, layout: Layout, rng: &mut Rng) -> String {
    let paras = paragraphs(doc, layout);
    let mut out = String::with_capacity(paras.iter().map(|(_, p)| p.len() + 2).sum());
    for (i, (_, p)) in paras.iter().enumerate() {
        if i > 0 {
            match layout.lines {
                Lines::Lf => out.push('\n'),
                Lines::Crlf => out.push_str("\r\n"),
                Lines::FlatSpace => out.push(' '),
                Lines::FlatNone => {}
                Lines::Pua => {
                    if out.ends_with('。') && rng.chance(0.8) {
                        let c = char::from_u32(0xE000 + rng.below(0x500) as u32).unwrap_or('\n');
                        out.push(c);
                    } else {
                        out.push('\n');
                    }
                }
            }
        }
        out.push_str(p);
    }
    if matches!(layout.lines, Lines::Lf | Lines::Crlf) {
        out.push_str(if layout.lines == Lines::Crlf {
            "\r\n"
        } else {
            "\n"
        });
    }
    out
}

fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// Judge and clerk lines use `&nbsp;` for their padding in court HTML.
fn html_tail(s: &str) -> String {
    html_escape(s).replace(' ', "&nbsp;")
}

fn xml_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            _ => out.push(c),
        }
    }
    out
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

const WENSHU_DIV: &str = "LINE-HEIGHT: 25pt;TEXT-ALIGN:justify;TEXT-JUSTIFY:inter-ideograph; TEXT-INDENT: 30pt; MARGIN: 0.5pt 0cm;FONT-FAMILY: 仿宋; FONT-SIZE: 16pt;";
const WENSHU_CENTER: &str =
    "TEXT-ALIGN: center; LINE-HEIGHT: 25pt; MARGIN: 0.5pt 0cm; FONT-FAMILY: 宋体; FONT-SIZE: 22pt;";
const WENSHU_RIGHT: &str =
    "TEXT-ALIGN: right; LINE-HEIGHT: 30pt; MARGIN: 0.5pt 0cm;  FONT-FAMILY: 仿宋;FONT-SIZE: 16pt; ";

/// One line per paragraph; `line` gets the section, whether the paragraph is the last head
/// line (the case number, right-aligned on most sites) and the text.
fn html_lines(
    paras: &[(Sec, String)],
    sep: &str,
    line: impl Fn(Sec, bool, &str) -> String,
) -> String {
    let heads = paras.iter().filter(|(s, _)| *s == Sec::Head).count();
    let mut out = String::new();
    for (i, (sec, p)) in paras.iter().enumerate() {
        out.push_str(&line(*sec, *sec == Sec::Head && i + 1 == heads, p));
        out.push_str(sep);
    }
    out
}

fn anchor(sec: Sec) -> Option<&'static str> {
    Some(match sec {
        Sec::Parties => "DSRXX",
        Sec::Procedure => "SSJL",
        Sec::Facts => "AJJBQK",
        Sec::Reasoning => "CPYZ",
        Sec::Result => "PJJG",
        Sec::Tail => "WBWB",
        Sec::Head => return None,
    })
}

/// China Judgments Online `DivContent`: head lines centred, the case number right-aligned,
/// section anchors, one div per paragraph.
pub fn wenshu_div(doc: &Rendered, layout: Layout) -> String {
    let paras = paragraphs(doc, layout);
    let mut out = String::from("<div id=\"DivContent\">");
    let mut last = None;
    let heads = paras.iter().filter(|(s, _)| *s == Sec::Head).count();
    for (i, (sec, p)) in paras.iter().enumerate() {
        if last != Some(*sec) {
            if let Some(a) = anchor(*sec) {
                out.push_str(&format!(
                    "<a type=\"dir\" name=\"{a}\" href=\"http://\"></a>"
                ));
            }
            last = Some(*sec);
        }
        let (style, text) = match sec {
            Sec::Head if i + 1 == heads => (WENSHU_RIGHT, html_escape(p)),
            Sec::Head => (WENSHU_CENTER, html_escape(p)),
            Sec::Tail => (WENSHU_RIGHT, html_tail(p)),
            _ => (WENSHU_DIV, html_escape(p)),
        };
        out.push_str(&format!("<div style=\"{style}\">{text}</div>"));
    }
    out.push_str("</div>");
    out
}

fn portal_page(doc: &Rendered, layout: Layout, rng: &mut Rng) -> String {
    let paras = paragraphs(doc, layout);
    let mut out = format!(
        "<html>\n<head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\">\n<title>浙江法院公开网-裁判文书</title></head>\n<body>\n<div class=\"fd_title\">{}{}</div>\n<div class=\"fd_info\">发布时间：{}&nbsp;&nbsp;浏览次数：{}</div>\n<div class=\"fd_content\">\n",
        html_escape(&doc.case_print),
        html_escape(&doc.title),
        crate::ids::add_days(doc.date, rng.range(5, 40)),
        rng.range(3, 400)
    );
    out.push_str(&html_lines(&paras, "\n", |sec, case_line, p| match sec {
        Sec::Head if case_line => format!("<p align=\"right\">{}</p>", html_escape(p)),
        Sec::Head => format!("<p align=\"center\"><b>{}</b></p>", html_escape(p)),
        Sec::Tail => format!("<p align=\"right\">{}</p>", html_tail(p)),
        _ => format!("<p style=\"text-indent:2em\">{}</p>", html_escape(p)),
    }));
    out.push_str("</div>\n</body>\n</html>\n");
    out
}

fn page_12309(doc: &Rendered, layout: Layout, rng: &mut Rng) -> String {
    let paras = paragraphs(doc, layout);
    let accused = doc.parties.first().cloned().unwrap_or_default();
    let title = format!(
        "{}（{}{}案）",
        doc.title,
        accused,
        doc.cause.as_deref().unwrap_or("")
    );
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>{t}_人民检察院案件信息公开网</title>\n</head>\n<body>\n<div class=\"header\"><a href=\"/\">人民检察院案件信息公开网</a> &gt; 重要案件信息 &gt; 法律文书公开</div>\n<div class=\"detail\">\n<h2 class=\"title\">{t}</h2>\n<div class=\"info\"><span>来源：{c}</span>&nbsp;&nbsp;<span>发布时间：{d}</span></div>\n<div class=\"content\" id=\"content\">\n",
        t = html_escape(&title),
        c = html_escape(&doc.court),
        d = crate::ids::add_days(doc.date, rng.range(3, 30)),
    );
    out.push_str(&html_lines(&paras, "\n", |sec, _, p| match sec {
        Sec::Head => format!("<p style=\"text-align:center\">{}</p>", html_escape(p)),
        Sec::Tail => format!("<p style=\"text-align:right\">{}</p>", html_tail(p)),
        _ => format!("<p>{}</p>", html_escape(p)),
    }));
    out.push_str("</div>\n</div>\n</body>\n</html>\n");
    out
}

fn susong_page(doc: &Rendered, layout: Layout, rng: &mut Rng) -> String {
    let paras = paragraphs(doc, layout);
    let esc = |s: &str| html_escape(s).replace('×', "&times;");
    let mut out = format!(
        "<head><meta http-equiv='content-type' content='text/html;charset=UTF-8'></head><tr><td><div class='ws_title'>{}.doc</div></td></tr><tr><td><div class='ws_time'><span>发布日期：{}</span><input id='btn_print' value='打印阅览' class='btn' type='button'></div></td></tr><tr><td><div class='print_area'><div class='doc_area'>",
        esc(&doc.case_print),
        crate::ids::add_days(doc.date, rng.range(5, 60))
    );
    out.push_str(&html_lines(&paras, "", |sec, case_line, p| match sec {
        Sec::Head if case_line => format!("<p class='ws_num'>{}</p>", esc(p)),
        Sec::Head => format!("<h3 class='ws_con_hd'>{}</h3>", esc(p)),
        Sec::Tail => format!("<p class='ws_sign'>{}</p>", esc(p).replace(' ', "&nbsp;")),
        _ => format!("<p class='ws_text'>{}</p>", esc(p)),
    }));
    out.push_str("</div></div></td></tr>");
    out
}

fn writ_xml(doc: &Rendered, layout: Layout, rng: &mut Rng) -> String {
    let paras = paragraphs(doc, layout);
    let full: String = paras
        .iter()
        .map(|(_, p)| p.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let sec_text = |s: Sec| -> String {
        paras
            .iter()
            .filter(|(t, _)| *t == s)
            .map(|(_, p)| p.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let node = |tag: &str, label: &str, value: &str| -> String {
        let v = xml_attr(value);
        format!("<{tag} nameCN=\"{label}\" value=\"{v}\" oValue=\"{v}\"")
    };
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<writ>\n");
    out.push_str(&node("QW", "全文", &full));
    out.push_str(">\n");
    out.push_str(&node("WS", "文首", &sec_text(Sec::Head)));
    out.push_str(">\n");
    out.push_str(&node("JBFY", "经办法院", &doc.court));
    out.push_str(" />\n");
    out.push_str(&node("WSMC", "文书名称", &doc.title));
    out.push_str(" />\n");
    out.push_str(&node("AH", "案号", &doc.case_print));
    out.push_str(" />\n");
    out.push_str(&node("AJLX", "案件类型", doc.case_type));
    out.push_str(" />\n</WS>\n");
    let parties: Vec<&str> = paras
        .iter()
        .filter(|(t, _)| *t == Sec::Parties)
        .map(|(_, p)| p.as_str())
        .collect();
    if !parties.is_empty() {
        out.push_str(&node("SSCYRQJ", "诉讼参与人全集", &parties.join("\n")));
        out.push_str(">\n");
        for p in parties {
            out.push_str(&node("SSCYR", "诉讼参与人", p));
            out.push_str(" />\n");
        }
        out.push_str("</SSCYRQJ>\n");
    }
    let result_tag = if doc.case_type == "刑事案件" {
        ("PJJG", "判决结果")
    } else {
        ("CPJG", "裁判结果")
    };
    for (sec, tag, label) in [
        (Sec::Procedure, "SSJL", "诉讼记录"),
        (Sec::Facts, "AJJBQK", "案件基本情况"),
        (Sec::Reasoning, "CPFXGC", "裁判分析过程"),
        (Sec::Result, result_tag.0, result_tag.1),
    ] {
        let t = sec_text(sec);
        if t.is_empty() {
            continue;
        }
        out.push_str(&node(tag, label, &t));
        if sec == Sec::Procedure
            && let Some(c) = &doc.cause
        {
            out.push_str(">\n");
            out.push_str(&node("AY", "案由", c));
            out.push_str(" />\n</SSJL>\n");
        } else {
            out.push_str(" />\n");
        }
    }
    out.push_str(&node("WW", "文尾", &sec_text(Sec::Tail)));
    out.push_str(">\n");
    out.push_str(&node(
        "CPSJ",
        "裁判时间",
        &cn_date(doc.date, Zero::draw(rng)),
    ));
    out.push_str(" />\n</WW>\n</QW>\n</writ>\n");
    out
}

fn hex32(rng: &mut Rng) -> String {
    format!("{:016x}{:016x}", rng.next_u64(), rng.next_u64())
}

/// The bulk dump's header (corpora/real/dump_csv/SCHEMA_NOTES.md).
pub const DUMP_HEADER: &str = "原始链接,案号,案件名称,法院,所属地区,案件类型,案件类型编码,来源,审理程序,裁判日期,公开日期,当事人,案由,法律依据,全文";

fn dump_row(doc: &Rendered, layout: Layout, rng: &mut Rng) -> String {
    let paras = paragraphs(doc, layout);
    let body: Vec<&str> = paras.iter().map(|(_, p)| p.as_str()).collect();
    let full = format!("文书内容{} 微信公众号“马克 数据网”", body.join(" "));
    let code = match doc.case_type {
        "民事案件" => "1",
        "执行案件" => "2",
        _ => "0",
    };
    let published = crate::ids::add_days(doc.date, rng.range(7, 45));
    let fields = [
        format!(
            "https://wenshu.court.gov.cn/website/wenshu/181107ANFZ0BXSK4/index.html?docId={}",
            hex32(rng)
        ),
        doc.case_print.clone(),
        doc.case_name.clone(),
        doc.court.clone(),
        doc.province.clone(),
        doc.case_type.to_string(),
        code.to_string(),
        "www.macrodatas.cn".to_string(),
        doc.procedure.to_string(),
        doc.date.to_string(),
        published.to_string(),
        doc.parties.join("；"),
        doc.cause.clone().unwrap_or_default(),
        doc.statutes.join("；"),
        full,
    ];
    let mut row: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
    let mut line = std::mem::take(&mut row).join(",");
    line.push('\n');
    line
}

fn jsonl_full(doc: &Rendered, layout: Layout, rng: &mut Rng) -> String {
    let text = plain_text(doc, layout, rng);
    let v = serde_json::json!({
        "docId": hex32(rng),
        "案号": doc.case_print,
        "标题": doc.case_name,
        "法院": doc.court,
        "裁判日期": doc.date.to_string(),
        "全文": text,
    });
    let mut s = v.to_string();
    s.push('\n');
    s
}

fn jsonl_api(doc: &Rendered, layout: Layout, rng: &mut Rng) -> String {
    let html = format!(
        "<html><head></head><body>{}</body></html>",
        wenshu_div(doc, layout)
    );
    let v = serde_json::json!({
        "s1": doc.case_name,
        "s2": doc.court,
        "s7": doc.case_print,
        "s8": doc.case_type,
        "s9": doc.procedure,
        "s31": doc.date.to_string(),
        "s17": doc.parties,
        "s11": doc.cause.iter().collect::<Vec<_>>(),
        "qwContent": html,
        "docId": hex32(rng),
    });
    let mut s = v.to_string();
    s.push('\n');
    s
}

fn encode(text: &str, gb: bool) -> Vec<u8> {
    if gb {
        let (bytes, _, _) = encoding_rs::GB18030.encode(text);
        bytes.into_owned()
    } else {
        text.as_bytes().to_vec()
    }
}

/// An open chunked container file.
struct Chunk<W: Write> {
    writer: W,
    path: PathBuf,
    /// The source prefix of its records (`dump/wenshu_dump_001.csv`).
    source: String,
    records: usize,
}

enum DumpWriter {
    Plain(BufWriter<File>),
    Gz(Box<GzEncoder<BufWriter<File>>>),
}

impl Write for DumpWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            DumpWriter::Plain(w) => w.write(buf),
            DumpWriter::Gz(w) => w.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            DumpWriter::Plain(w) => w.flush(),
            DumpWriter::Gz(w) => w.flush(),
        }
    }
}

impl DumpWriter {
    fn finish(self) -> std::io::Result<()> {
        match self {
            DumpWriter::Plain(mut w) => w.flush(),
            DumpWriter::Gz(w) => w.finish()?.flush(),
        }
    }
}

/// Rows per dump CSV, lines per JSON Lines file, members per zip.
const DUMP_ROWS: usize = 2000;
const JSONL_LINES: usize = 1500;
const ZIP_MEMBERS: usize = 400;
/// Single files per directory, so no directory grows to tens of thousands of entries.
const FILES_PER_DIR: usize = 1000;

/// Counts of what was written, by container.
#[derive(Debug, Default, Clone)]
pub struct Written {
    pub files: usize,
    pub bytes: u64,
}

pub struct Sink {
    docs: PathBuf,
    dump: Option<Chunk<DumpWriter>>,
    dump_chunks: usize,
    jsonl: Option<Chunk<BufWriter<File>>>,
    jsonl_chunks: usize,
    zip: Option<Chunk<ZipWriter<BufWriter<File>>>>,
    zip_chunks: usize,
    singles: usize,
    pub written: Written,
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn zip_err(path: &Path) -> impl FnOnce(zip::result::ZipError) -> Error + '_ {
    move |e| Error::Zip {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

impl Sink {
    pub fn new(docs: PathBuf) -> Sink {
        Sink {
            docs,
            dump: None,
            dump_chunks: 0,
            jsonl: None,
            jsonl_chunks: 0,
            zip: None,
            zip_chunks: 0,
            singles: 0,
            written: Written::default(),
        }
    }

    fn create(&mut self, rel: &str) -> Result<(PathBuf, File), Error> {
        let path = self.docs.join(rel);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(io_err(dir))?;
        }
        let file = File::create(&path).map_err(io_err(&path))?;
        self.written.files += 1;
        Ok((path, file))
    }

    fn single(&mut self, rel: String, bytes: &[u8]) -> Result<String, Error> {
        let (path, mut file) = self.create(&rel)?;
        file.write_all(bytes).map_err(io_err(&path))?;
        self.written.bytes += bytes.len() as u64;
        Ok(rel)
    }

    /// Writes a document and returns its source name.
    pub fn write(
        &mut self,
        doc: &Rendered,
        container: Container,
        layout: Layout,
        stem: &str,
        rng: &mut Rng,
    ) -> Result<String, Error> {
        let sub = self.singles / FILES_PER_DIR;
        let dir = doc.dir;
        let single: (String, Vec<u8>) = match container {
            Container::Txt { gb } => {
                let suffix = if gb { "_gb18030" } else { "" };
                (
                    format!("{dir}/{sub:03}/{stem}{suffix}.txt"),
                    encode(&plain_text(doc, layout, rng), gb),
                )
            }
            Container::HtmlWenshu => (
                format!("{dir}/{sub:03}/wenshu_{stem}.html"),
                wenshu_div(doc, layout).into_bytes(),
            ),
            Container::HtmlPortal => (
                format!("{dir}/{sub:03}/zjcourt_{stem}.html"),
                portal_page(doc, layout, rng).into_bytes(),
            ),
            Container::Html12309 => (
                format!("{dir}/{sub:03}/12309_{stem}.html"),
                page_12309(doc, layout, rng).into_bytes(),
            ),
            Container::HtmlSusong => (
                format!("{dir}/{sub:03}/susong51_{stem}.html"),
                susong_page(doc, layout, rng).into_bytes(),
            ),
            Container::Xml => (
                format!("xml/{sub:03}/{stem}.xml"),
                writ_xml(doc, layout, rng).into_bytes(),
            ),
            Container::Dump => return self.dump_row(doc, layout, rng),
            Container::JsonlFull => return self.jsonl_line(&jsonl_full(doc, layout, rng)),
            Container::JsonlApi => return self.jsonl_line(&jsonl_api(doc, layout, rng)),
            Container::Zip { gb } => {
                let text = plain_text(doc, layout, rng);
                let suffix = if gb { "_gb18030" } else { "" };
                let member = format!("{dir}/{stem}{suffix}.txt");
                return self.zip_member(&member, &encode(&text, gb));
            }
        };
        self.singles += 1;
        self.single(single.0, &single.1)
    }

    fn dump_row(&mut self, doc: &Rendered, layout: Layout, rng: &mut Rng) -> Result<String, Error> {
        if self.dump.as_ref().is_some_and(|c| c.records >= DUMP_ROWS) {
            self.close_dump()?;
        }
        if self.dump.is_none() {
            let n = self.dump_chunks + 1;
            self.dump_chunks = n;
            // Every fourth chunk is gzipped, as dumps are shipped.
            let gz = n % 4 == 0;
            let name = format!("wenshu_dump_{n:03}.csv");
            let (rel, source) = if gz {
                (format!("dump/{name}.gz"), format!("dump/{name}.gz!{name}"))
            } else {
                (format!("dump/{name}"), format!("dump/{name}"))
            };
            let (path, file) = self.create(&rel)?;
            let buf = BufWriter::with_capacity(1 << 16, file);
            let mut writer = if gz {
                DumpWriter::Gz(Box::new(GzEncoder::new(buf, Compression::fast())))
            } else {
                DumpWriter::Plain(buf)
            };
            writer
                .write_all(DUMP_HEADER.as_bytes())
                .and_then(|_| writer.write_all(b"\n"))
                .map_err(io_err(&path))?;
            self.dump = Some(Chunk {
                writer,
                path,
                source,
                records: 0,
            });
        }
        let chunk = self.dump.as_mut().expect("opened above");
        let row = dump_row(doc, layout, rng);
        chunk
            .writer
            .write_all(row.as_bytes())
            .map_err(io_err(&chunk.path))?;
        self.written.bytes += row.len() as u64;
        chunk.records += 1;
        Ok(format!("{}#{}", chunk.source, chunk.records))
    }

    fn close_dump(&mut self) -> Result<(), Error> {
        if let Some(c) = self.dump.take() {
            c.writer.finish().map_err(io_err(&c.path))?;
        }
        Ok(())
    }

    fn jsonl_line(&mut self, line: &str) -> Result<String, Error> {
        if self
            .jsonl
            .as_ref()
            .is_some_and(|c| c.records >= JSONL_LINES)
        {
            self.close_jsonl()?;
        }
        if self.jsonl.is_none() {
            let n = self.jsonl_chunks + 1;
            self.jsonl_chunks = n;
            let rel = format!("jsonl/wenshu_api_{n:03}.jsonl");
            let (path, file) = self.create(&rel)?;
            self.jsonl = Some(Chunk {
                writer: BufWriter::with_capacity(1 << 16, file),
                path,
                source: rel,
                records: 0,
            });
        }
        let chunk = self.jsonl.as_mut().expect("opened above");
        chunk
            .writer
            .write_all(line.as_bytes())
            .map_err(io_err(&chunk.path))?;
        self.written.bytes += line.len() as u64;
        chunk.records += 1;
        Ok(format!("{}#{}", chunk.source, chunk.records))
    }

    fn close_jsonl(&mut self) -> Result<(), Error> {
        if let Some(mut c) = self.jsonl.take() {
            c.writer.flush().map_err(io_err(&c.path))?;
        }
        Ok(())
    }

    fn zip_member(&mut self, member: &str, bytes: &[u8]) -> Result<String, Error> {
        if self.zip.as_ref().is_some_and(|c| c.records >= ZIP_MEMBERS) {
            self.close_zip()?;
        }
        if self.zip.is_none() {
            let n = self.zip_chunks + 1;
            self.zip_chunks = n;
            let rel = format!("archive/batch_{n:03}.zip");
            let (path, file) = self.create(&rel)?;
            self.zip = Some(Chunk {
                writer: ZipWriter::new(BufWriter::with_capacity(1 << 16, file)),
                path,
                source: rel,
                records: 0,
            });
        }
        let chunk = self.zip.as_mut().expect("opened above");
        // A fixed timestamp: the same seed must give the same bytes.
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .last_modified_time(DateTime::default());
        chunk
            .writer
            .start_file(member, options)
            .map_err(zip_err(&chunk.path))?;
        chunk.writer.write_all(bytes).map_err(io_err(&chunk.path))?;
        self.written.bytes += bytes.len() as u64;
        chunk.records += 1;
        Ok(format!("{}!{member}", chunk.source))
    }

    fn close_zip(&mut self) -> Result<(), Error> {
        if let Some(c) = self.zip.take() {
            let path = c.path;
            let mut inner = c.writer.finish().map_err(zip_err(&path))?;
            inner.flush().map_err(io_err(&path))?;
        }
        Ok(())
    }

    /// Closes every open container.
    pub fn finish(&mut self) -> Result<(), Error> {
        self.close_dump()?;
        self.close_jsonl()?;
        self.close_zip()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("说\"话\""), "\"说\"\"话\"\"\"");
        assert_eq!(csv_field("无逗号，全角"), "无逗号，全角");
        assert_eq!(
            xml_attr("a&b<\"c\">\nd"),
            "a&amp;b&lt;&quot;c&quot;&gt;&#10;d"
        );
        assert_eq!(
            html_tail("审判员  林  洁"),
            "审判员&nbsp;&nbsp;林&nbsp;&nbsp;洁"
        );
        assert_eq!(fullwidth("2022年3号"), "２０２２年３号");
    }
}
