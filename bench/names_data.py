"""Names for the Channel cases benchmark (bench/cases.py): given and family names from
many origins, each a group of variant spellings of one name, most common first.

Within an origin, groups are listed roughly from the most to the least common, and so
are the spellings within a group; bench/cases.py weights its choices by that order.
Every name here is a common name; the people built from them are invented."""

from __future__ import annotations

from dataclasses import dataclass


def _groups(text: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(line.split("|")) for line in text.split() if line)


@dataclass(frozen=True)
class Origin:
    name: str
    weight: float  # share of the people referred, in per cent
    male: tuple[tuple[str, ...], ...]
    female: tuple[tuple[str, ...], ...]
    family: tuple[tuple[str, ...], ...]


# Spaces separate groups and "|" the spellings of one name, so a name with a space in it
# is written with an underscore ("Abdul_Rahman") and read back with a space.
ORIGINS = (
    Origin(
        "British and Irish",
        58,
        _groups(
            """Jack|Jak Harry Charlie|Charley Thomas|Tomas James George Jacob|Jakob Alfie|Alfy
            Joshua Daniel|Danial Callum|Calum|Kallum Connor|Conor|Conner Liam Kyle|Kile Ryan|Rian
            Lewis|Louis Jordan Bradley Tyler|Tylor Reece|Rhys|Reese Kieran|Ciaran|Keiran
            Sean|Shaun|Shawn Stephen|Steven Michael|Micheal Matthew|Mathew Aiden|Aidan|Ayden
            Jayden|Jaden|Jaiden Mason Ethan Owen|Owain Dylan|Dillon Luke|Luc Nathan Cameron|Kameron
            Declan Niall|Neil|Neal David|Dafydd Gareth Scott Craig Dean Lee|Leigh Jamie|Jaime
            Ashley Robert Paul Mark|Marc Christopher|Kristopher Anthony|Antony Oliver Noah Leo Max
            Archie Freddie|Freddy Toby|Tobi Logan Brandon Kai|Kye Reuben|Ruben Elliot|Elliott|Eliot"""
        ),
        _groups(
            """Olivia Amelia|Amelie Emily|Emilie Sophie|Sophia|Sofia Jessica Chloe|Chloë Ellie|Elly
            Megan|Meghan Lauren Grace Katie|Katy Hannah|Hanna Rebecca|Rebekah Charlotte Lucy|Lucie
            Ava|Eva Isla Holly Abigail Bethany Courtney|Kourtney Shannon Niamh|Neve Saoirse
            Siobhan|Shivaun Ffion Caitlin|Kaitlyn|Katelyn Katherine|Catherine|Kathryn Leah|Lea"""
        ),
        _groups(
            """Smith|Smyth Jones Williams Taylor|Tayler Brown|Browne Davies|Davis Evans Thomas
            Johnson Roberts Walker Wright Robinson Thompson|Thomson White|Whyte Hughes Edwards
            Green|Greene Hall Wood Harris Lewis Martin Jackson Clarke|Clark Turner Hill Scott Cooper
            Morris Ward Moore|Moor King Watson Baker Harrison Morgan Young Allen|Allan Mitchell
            James Anderson|Andersen Phillips|Philips Bell Parker Davidson MacDonald|McDonald
            O'Brien|OBrien|O_Brien O'Neill|O'Neil|ONeill Murphy Kelly Gallagher Byrne|Burne
            Reid|Reed|Read Griffiths|Griffith Price Lloyd Rees|Reese Pritchard Jenkins Owen|Owens
            Kennedy Stewart|Stuart Campbell Fletcher Barker Lawrence|Laurence Carter Cox Shaw
            Chapman Hunt Marshall Richardson Collins Bennett Holmes Mills Palmer Grant Foster|Forster
            Gray|Grey Doherty|Docherty McCarthy|MacCarthy Fitzgerald Quinn|Quin Sullivan|O'Sullivan"""
        ),
    ),
    Origin(
        "South Asian",
        15,
        _groups(
            """Mohammed|Muhammad|Mohammad|Mohamed|Muhammed|Mohamad Ahmed|Ahmad Ali
            Hassan|Hasan Hussain|Hussein|Husain|Hossain Ibrahim|Ebrahim Yusuf|Yousuf|Yousef
            Omar|Umar Abdullah|Abdallah Abdul_Rahman|Abdulrahman|Abdur_Rahman Bilal Hamza|Hamzah
            Zain|Zayn Ayaan|Ayan Imran Adam Ismail|Ismael Usman|Osman Shahid|Shahed Rahim|Raheem
            Jamal|Jamaal Harpreet Gurpreet Arjun Rohan Aarav|Arav Sanjay Vikram Amrit Jaspreet
            Zakariya|Zakaria|Zakariyya Haroon|Harun Faisal|Faysal Rizwan Waqas Junaid Kamran"""
        ),
        _groups(
            """Aisha|Ayesha|Aysha Fatima|Fatimah Maryam|Mariam Zainab|Zaynab Khadija|Khadijah
            Amina|Aminah Hafsa|Hafsah Nadia|Nadiya Noor|Nur Zara|Zahra Priya Simran Harleen
            Sana|Sanaa Iqra Rukhsana Shabana Nasreen|Nasrin"""
        ),
        _groups(
            """Khan|Kahn Hussain|Hussein|Husain|Hossain Ahmed|Ahmad Ali Akhtar|Akhter Begum
            Rahman|Rehman Iqbal|Ikbal Mahmood|Mahmud|Mehmood Shah Malik Butt
            Chaudhry|Choudhury|Chowdhury|Chaudhary Mirza Qureshi|Qureshy|Quraishi Siddiqui|Siddiqi
            Uddin|Udin Miah|Mia Islam Bibi Sheikh|Shaikh Rashid|Rasheed Nawaz Aslam Sharif|Shareef
            Singh Kaur Sandhu Gill Sharma Kumar Gupta Mistry Desai Patel Hamid|Hameed Javed|Javaid
            Anwar Bashir|Basheer Latif|Lateef Haq|Hoque|Huq"""
        ),
    ),
    Origin(
        "Arab and Somali",
        7,
        _groups(
            """Mohamed|Mohammed|Muhammad|Mohamad Ahmed|Ahmad Abdi Abdirahman|Abdirahmaan Mahad
            Liban Abdikarim Omar|Umar Khalid|Khaled Mustafa|Mostafa Tariq|Tarik|Tareq Idris|Idriss
            Yusuf|Yousef|Youssef Ibrahim Hamza Rayyan|Rayan Karim|Kareem Samir|Sameer Nabil|Nabeel"""
        ),
        _groups(
            """Hodan Ifrah Amina|Aminah Fatima|Fatuma Hawa Sagal Layla|Leila|Laila Mariam|Maryam
            Yasmin|Yasmine|Jasmin Salma Sara|Sarah Huda"""
        ),
        _groups(
            """Mohamed|Mohammed|Muhammad Abdi Farah|Farrah Hassan|Hasan Osman|Othman Warsame
            Jama|Jaamac Yusuf|Yousuf Said|Saeed|Sayed Al-Masri|Al_Masri|Almasri Haddad Ibrahim
            Nour|Noor Mahamud|Mohamud|Mahmoud Aden|Adan Ismail|Ismael Hersi Egal Duale|Dualeh
            Abdullahi|Abdulahi Ahmed|Ahmad Salah|Saleh"""
        ),
    ),
    Origin(
        "Eastern European",
        5,
        _groups(
            """Jakub|Jacub Kacper|Kasper Szymon|Shimon Mateusz Piotr Andrei|Andrey|Andrej
            Aleksander|Alexander|Aleksandr Dmitri|Dmitry|Dimitri Mihai Ionut Lukas|Lucas Tomasz
            Marius|Marijus Bogdan Vasile|Vasyl Oleksandr|Olexandr"""
        ),
        _groups(
            """Zuzanna Julia|Yulia Natalia|Natalya Maja|Maya Alicja|Alicia Ioana|Joanna Elena|Yelena
            Daria|Darya"""
        ),
        _groups(
            """Nowak|Novak Kowalski|Kowalsky Wiśniewski|Wisniewski Wójcik|Wojcik Lewandowski
            Popescu Ionescu Popa Kazlauskas Petrov|Petroff Ivanov|Ivanoff Horvath|Horváth
            Kovac|Kovač|Kovacs Kaminski|Kamiński Zielinski|Zieliński Dumitru Stan Shevchenko|Schevchenko
            Balogh|Balog Jankauskas"""
        ),
    ),
    Origin(
        "African and Caribbean",
        5,
        _groups(
            """Oluwaseun|Seun Chinedu Emeka Kwame Kofi Tunde|Babatunde Olumide Chukwuemeka
            Tyrone Jermaine|Germaine Dwayne|Duane Marcus|Markus Andre|André Kwabena Yaw Ayodele
            Tobi|Toby Femi Daniel Joshua Isaac|Isaak Samuel Emmanuel|Emanuel"""
        ),
        _groups(
            """Chioma Adaeze Ama Shanice|Shaniece Keisha|Keesha Abena Folake Blessing Precious
            Tiana|Tianna Jada|Jayda"""
        ),
        _groups(
            """Okafor Adeyemi Okonkwo Mensah Boateng Owusu Adebayo Oluwole Nwosu Asante
            Campbell Brown|Browne Williams Francis Thomas Clarke|Clark Johnson Grant
            Osei Appiah Ogunleye Bakare Eze Obi Okeke Adeleke Oyelaran Forbes Blake"""
        ),
    ),
    Origin(
        "Turkish and Kurdish",
        2,
        _groups("""Mehmet|Mehmed Emre Can|Jan Baran Rojhat Mustafa Ahmet|Ahmed Yusuf|Yusif Berkay"""),
        _groups("""Elif Zeynep|Zeinab Ayşe|Ayse Hevin Rojda"""),
        _groups(
            """Yilmaz|Yılmaz Demir Kaya Şahin|Sahin Çelik|Celik Aydın|Aydin Öztürk|Ozturk Doğan|Dogan
            Arslan|Aslan Kılıç|Kilic"""
        ),
    ),
    Origin(
        "Afghan and Iranian",
        3,
        _groups(
            """Mohammad|Mohammed|Muhammad Reza|Rezza Amir|Ameer Hamid|Hameed Farhad Mohsen|Mohsin
            Ali Ahmad|Ahmed Mahmoud|Mahmood Hossein|Hussein Sohrab Javad|Jawad Mustafa|Mostafa"""
        ),
        _groups("""Maryam|Mariam Zahra|Zara Fatemeh|Fatima Parisa Shirin|Sherin"""),
        _groups(
            """Ahmadi Hosseini|Husseini Karimi Rahimi Mohammadi|Mohamadi Rezaei|Rezaie Sultani|Soltani
            Hashemi Noori|Nouri Amiri Jafari|Jaafari Safi Popal Stanikzai|Stanekzai"""
        ),
    ),
    Origin(
        "East and South-East Asian",
        2,
        _groups("""Wei Jun Minh Duc|Đức Huy Hao Jian Long Tuan"""),
        _groups("""Mei Linh Lan Xin Hoa"""),
        _groups(
            """Wang Chen|Chan Zhang|Chang Liu|Lau Nguyen|Nguyễn Tran|Trần Pham|Phạm Le Li|Lee Huang|Wong"""
        ),
    ),
    Origin(
        "Southern European and Latin American",
        2,
        _groups("""João|Joao José|Jose Luca|Luka Mateo|Matteo Diego Marco|Marko Rui Tiago|Thiago"""),
        _groups("""Ana|Anna Maria Beatriz|Beatrice Giulia|Julia"""),
        _groups(
            """Silva|da_Silva Santos|dos_Santos Ferreira Rossi Garcia|García Rodriguez|Rodríguez|Rodrigues
            Papadopoulos Georgiou Costa|Da_Costa Fernandes|Fernandez Oliveira|Olivera"""
        ),
    ),
    Origin(
        "Eritrean and Ethiopian",
        1,
        _groups("""Yonas|Jonas Dawit|Dawitt Robel Samuel Tesfay Filmon Biniam|Biniyam"""),
        _groups("""Selam|Salam Helen Meron Senait|Senayt"""),
        _groups(
            """Tesfaye|Tesfay Haile|Hailé Berhane|Berhe Gebremedhin|Gebremedin Tekle Kidane Ghebreyesus"""
        ),
    ),
)


def spelled(name: str) -> str:
    """A name as written: underscores in the lists above stand for spaces."""
    return name.replace("_", " ")
