//! A compound file (.xls) walked the way calamine 0.38 walks it, which does not guard against a
//! damaged file: a looping sector chain makes it grow a buffer without limit, and a sector past
//! the end of a truncated file, a chain that leaves the allocation table or an allocation sector
//! of odd length makes it panic. Each of those is reported here instead; valid files pass.

/// Sector ids at and above this mark end chains or name special sectors.
const MAX_REGULAR_SECTOR: u32 = 0xFFFF_FFFA;
/// The id that ends a sector chain.
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
/// Sector ids at and above this mark in the DIFAT are not FAT sectors.
const DIFAT_SPECIAL: u32 = 0xFFFF_FFFC;
/// Streams shorter than this live in the mini stream, in 64-byte mini sectors.
const MINI_STREAM_CUTOFF: usize = 4096;
const MINI_SECTOR: usize = 64;

/// What is wrong with a damaged compound file, in Chinese.
pub type Damage = &'static str;

/// A compound file's sectors, allocation tables, directory and mini stream.
pub struct Compound<'a> {
    bytes: &'a [u8],
    size: usize,
    fat: Vec<u32>,
    directory: Vec<u8>,
    mini_fat: Vec<u32>,
    mini_stream: Vec<u8>,
}

impl<'a> Compound<'a> {
    /// Reads the tables, the directory and the mini stream, and checks every stream's chain.
    /// `None` for bytes calamine refuses by itself (bad sector size, shorter than a header).
    pub fn open(bytes: &'a [u8]) -> Result<Option<Compound<'a>>, Damage> {
        let size = match bytes.get(0x1E..0x20).map(|b| u16::from_le_bytes([b[0], b[1]])) {
            Some(9) => 512usize,
            Some(12) => 4096,
            _ => return Ok(None),
        };
        if bytes.len() < size {
            return Ok(None);
        }
        let mut cfb = Compound {
            bytes,
            size,
            fat: Vec::new(),
            directory: Vec::new(),
            mini_fat: Vec::new(),
            mini_stream: Vec::new(),
        };
        cfb.read_fat()?;
        cfb.directory = cfb.chain(u32_at(bytes, 0x30), usize::MAX)?;
        let mini_fat_sectors = u32_at(bytes, 0x40) as usize;
        if mini_fat_sectors > 0 {
            if let Some(root) = cfb.directory.chunks_exact(128).next() {
                let (start, len) = (u32_at(root, 116), cfb.stream_len(root)?);
                cfb.mini_stream = cfb.chain(start, len)?;
            }
            let mini_fat = cfb.chain(u32_at(bytes, 0x3C), mini_fat_sectors.saturating_mul(size))?;
            if mini_fat.len() % 4 != 0 {
                return Err("文件被截断");
            }
            cfb.mini_fat = ids(&mini_fat);
        }
        for entry in cfb.directory.chunks_exact(128).skip(1).filter(|e| e[66] == 2) {
            cfb.stream(entry)?;
        }
        Ok(Some(cfb))
    }

    /// The workbook stream ("Workbook", or "Book" in Excel 5 files), as calamine picks it.
    pub fn workbook_stream(&self) -> Result<Option<Vec<u8>>, Damage> {
        for wanted in ["Workbook", "Book"] {
            if let Some(entry) = self.directory.chunks_exact(128).find(|e| entry_name(e).eq_ignore_ascii_case(wanted)) {
                return self.stream(entry).map(Some);
            }
        }
        Ok(None)
    }

    /// Reads the DIFAT chain and the FAT sectors it lists.
    fn read_fat(&mut self) -> Result<(), Damage> {
        let mut difat = ids(&self.bytes[0x4C..512]);
        let mut next = u32_at(self.bytes, 0x44);
        let mut steps = 0;
        while next < MAX_REGULAR_SECTOR {
            steps += 1;
            if steps > self.sector_limit() {
                return Err("扇区分配表的链条成环");
            }
            difat.extend(ids(self.table_sector(next)?));
            next = difat.pop().unwrap_or(END_OF_CHAIN);
        }
        for id in difat.into_iter().filter(|id| *id < DIFAT_SPECIAL) {
            let sector = self.table_sector(id)?;
            self.fat.extend(ids(sector));
        }
        Ok(())
    }

    /// Most sectors any chain may visit before it must have ended.
    fn sector_limit(&self) -> usize {
        self.bytes.len() / self.size + self.fat.len() + 2
    }

    /// Sector `id`, which may be cut short by the end of the file; `None` when it starts past the
    /// end (calamine panics there).
    fn sector(&self, id: u32) -> Option<&'a [u8]> {
        let start = (id as usize).checked_add(1)?.checked_mul(self.size)?;
        (start <= self.bytes.len()).then(|| &self.bytes[start..self.bytes.len().min(start + self.size)])
    }

    /// A sector read as a list of sector ids: present and a whole number of ids.
    fn table_sector(&self, id: u32) -> Result<&'a [u8], Damage> {
        self.sector(id).filter(|s| s.len() % 4 == 0).ok_or("文件被截断")
    }

    /// The bytes of the chain starting at `start`, at most `limit` of them.
    fn chain(&self, start: u32, limit: usize) -> Result<Vec<u8>, Damage> {
        let mut out = Vec::new();
        let (mut id, mut steps) = (start, 0);
        while id != END_OF_CHAIN {
            if id as usize > self.bytes.len() / self.size {
                break; // calamine reports "sector beyond end of file"
            }
            let sector = self.sector(id).ok_or("文件被截断")?;
            out.extend_from_slice(&sector[..sector.len().min(limit - out.len())]);
            steps += 1;
            if out.len() >= limit {
                break;
            }
            if steps > self.sector_limit() {
                return Err("扇区链成环");
            }
            id = *self.fat.get(id as usize).ok_or("扇区链越出分配表")?;
        }
        Ok(out)
    }

    /// A directory entry's stream, from the sectors or, when short, from the mini stream.
    fn stream(&self, entry: &[u8]) -> Result<Vec<u8>, Damage> {
        let (start, len) = (u32_at(entry, 116), self.stream_len(entry)?);
        if len >= MINI_STREAM_CUTOFF {
            return self.chain(start, len);
        }
        let mut out = Vec::new();
        let (mut id, mut steps) = (start, 0);
        while id != END_OF_CHAIN && out.len() < len {
            let at = (id as usize).saturating_mul(MINI_SECTOR);
            if at > self.mini_stream.len() {
                return Err("小数据流越出迷你流");
            }
            let sector = &self.mini_stream[at..self.mini_stream.len().min(at + MINI_SECTOR)];
            out.extend_from_slice(&sector[..sector.len().min(len - out.len())]);
            steps += 1;
            if steps > self.mini_fat.len() + 1 {
                return Err("扇区链成环");
            }
            if out.len() < len {
                id = *self.mini_fat.get(id as usize).ok_or("扇区链越出迷你扇区表")?;
            }
        }
        Ok(out)
    }

    /// A directory entry's stream length, which may not exceed the file.
    fn stream_len(&self, entry: &[u8]) -> Result<usize, Damage> {
        let len = if self.size == 512 {
            u64::from(u32_at(entry, 120))
        } else {
            entry.get(120..128).map_or(0, |b| u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]))
        };
        if len > self.bytes.len() as u64 {
            return Err("其中的数据流声明的大小超过文件本身");
        }
        Ok(len as usize)
    }
}

/// A directory entry's name: UTF-16 up to the first NUL, as calamine decodes it.
fn entry_name(entry: &[u8]) -> String {
    let units: Vec<u16> = entry[..64].chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
    let name = String::from_utf16_lossy(&units);
    name.split('\0').next().unwrap_or_default().to_string()
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    b.get(at..at + 4).map_or(END_OF_CHAIN, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

fn ids(b: &[u8]) -> Vec<u32> {
    b.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect()
}
